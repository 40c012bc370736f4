"""textkit.slogans: each signal with positives and negatives, grouping, offsets, registry."""

from __future__ import annotations

import pandas as pd
import pytest

from textkit import Tokenizer, paths
from textkit.cli import main
from textkit.slogans import _PUNCT_STRIP, find_slogans, load_known_formulas, slogan_candidates, slogan_occurrences


def _found(table: pd.DataFrame) -> set[str]:
    return set(table["slogan"])


def test_enumerations_with_a_positional_template(tokenizer):
    corpus = {
        "a": "教育引导党员在以学铸魂、以学增智、以学正风、以学促干上下功夫。"
             "引导各族群众感党恩、听党话、跟党走。"
             "制定实施“每月培训部署、每周调度推进、每日掌握动态”的工作机制。",
        "b": "采购了钢材、木材、石材等物资。会见了张三、李四和王五。",
    }
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False))
    assert {"以学铸魂、以学增智、以学正风、以学促干", "感党恩、听党话、跟党走", "每月培训部署、每周调度推进、每日掌握动态"} <= found
    # a list of ordinary nouns, two-character items, names: not formulas
    assert not any("钢材" in s or "张三" in s for s in found)


def _rows(table: pd.DataFrame) -> dict[str, tuple[str, str, int]]:
    return {r.slogan: (r.kind, r.doc_ids, r.count) for r in table.itertuples()}


def test_a_pair_without_template_counts_when_quoted_as_one(tokenizer):
    corpus = {"a": "开展“不忘初心、牢记使命”主题教育。要加强党建、发展经济。"}
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"不忘初心、牢记使命"}


def test_a_pair_in_a_frame_counts_once(tokenizer):
    corpus = {"a": "推进以电代煤、以气代煤。做到脱真贫、真脱贫。忠于祖国、忠于人民是本分。不做代言人、代理人。"
                   "强化自上而下的组织监督、改进自下而上的民主监督。"}
    # shared characters in two separate blocks, or the same characters reordered, make a frame;
    # a shared head word does not, nor do long parallel clauses or two ordinary words
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"以电代煤、以气代煤", "脱真贫、真脱贫"}


def test_unequal_items_sharing_an_abstract_suffix(tokenizer):
    corpus = {"a": "推动新型工业化、信息化、城镇化、农业现代化同步发展。解决基层党组织弱化、虚化、边缘化问题。"}
    # a first item cut at the word the segmenter read (新型工业化); three short items ending in 化
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "新型工业化、信息化、城镇化、农业现代化", "弱化、虚化、边缘化"}
    negatives = {"a": "统筹先进制造业、现代服务业、战略性新兴产业。发展大学、中学、幼儿园。"}
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False)) == set()


def test_comma_clauses_sharing_one_place_when_they_close_the_sentence(tokenizer):
    corpus = {"a": "人民有信仰，国家有力量，民族有希望。"}
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"人民有信仰、国家有力量、民族有希望"}
    negatives = {"a": "人民有信仰，国家有力量，民族有希望，我们要努力。经济有回升，就业有改善。"}
    # the clauses go on, or are only two
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False)) == set()


def test_closed_pairs_sharing_a_head_or_a_tail(tokenizer):
    corpus = {"a": "居安思危，勇于变革、勇于创新，永不僵化、永不停滞。脱贫群众不愁吃、不愁穿。缓解群众看病难、看病贵问题。"}
    # two short items sharing a head or a tail of two characters and ending the clause, or the
    # noun they qualify that ends it (…、看病贵问题。)
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "勇于变革、勇于创新", "永不僵化、永不停滞", "不愁吃、不愁穿", "看病难、看病贵"}
    negatives = {"a": "服务更加精准、更加有效。这一年极不寻常、极不平凡。缓解看病难、看病贵问题的办法多了。"
                      "提升经济实力、科技实力。"}
    # the grammar of degree; a pair running into words (…问题的办法); two noun phrases
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False)) == set()
    # a tail the dictionary lists only at frequency 3 (爱党, 治党: tagged as nouns) makes no noun phrase
    tails = {"a": "引导人民知史爱党、知史爱国，不断坚定信心。坚持制度治党、依规治党，以党章为根本。"}
    assert _found(find_slogans(tails, tokenizer=tokenizer, known=False)) == {"知史爱党、知史爱国", "制度治党、依规治党"}
    # two noun phrases before the noun that ends the clause stay a list, however often
    twice = {"a": "提升远程教育、远程医疗水平。", "b": "提升远程教育、远程医疗水平。"}
    assert _found(find_slogans(twice, tokenizer=tokenizer, known=False)) == set()


def test_a_closed_pair_holding_a_word_of_its_clause_is_trimmed_to_its_template(tokenizer):
    # 是|极不寻常、极不平凡|的五年: between ， and 。, the outer items hold 是 and 的五年; trimmed at
    # token boundaries to the shared template, a pair used by two documents
    used_twice = {"a": "过去的五年，是极不寻常、极不平凡的五年。", "b": "这五年，是极不寻常、极不平凡的五年。"}
    assert _found(find_slogans(used_twice, tokenizer=tokenizer, known=False)) == {"极不寻常、极不平凡"}
    cands = slogan_candidates({"a": "这五年，是极不寻常、极不平凡的五年。"}, tokenizer=tokenizer, signals=["enumeration"])
    assert cands["surface"].tolist() == ["极不寻常、极不平凡"]
    # but not a list of noun phrases or of dictionary words so trimmed, however often
    lists = {d: "，推进基本养老、基本医疗全覆盖。提高市场化、法治化水平。，推进学前教育、特殊教育普惠发展，" for d in "ab"}
    assert slogan_candidates(lists, tokenizer=tokenizer, signals=["enumeration"]).empty


def test_series_of_unequal_segments_sharing_a_head_or_a_tail(tokenizer):
    corpus = {"a": "强化保居民就业、保基本民生、保市场主体、保粮食能源安全、保基层运转。"
                   "统筹推进政党协商、人大协商、政府协商、政协协商、人民团体协商、基层协商以及社会组织协商。"
                   "建设法治政府、创新政府、廉洁政府和服务型政府。"
                   "推动基层党组织建在链上、先锋力量聚在链上、服务保障抓在链上。"}
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert _found(table) == {
        "保居民就业、保基本民生、保市场主体、保粮食能源安全、保基层运转",
        "政党协商、人大协商、政府协商、政协协商、人民团体协商、基层协商",
        "法治政府、创新政府、廉洁政府、服务型政府",
        # three segments suffice when they share a frame of three characters
        "基层党组织建在链上、先锋力量聚在链上、服务保障抓在链上",
    }
    # the part after 和 is split off and belongs to the series; the surface keeps the 和
    row = table.set_index("slogan").loc["法治政府、创新政府、廉洁政府、服务型政府"]
    assert row["variants"] == "法治政府、创新政府、廉洁政府和服务型政府"


def test_unequal_series_of_names_or_of_three_ordinary_items_are_not_formulas(tokenizer):
    corpus = {"a": "大力发展先进制造业、现代服务业、战略性新兴产业。走访临江学校、天香学校、京川学校。"
                   "调研建安楼、律所楼、金融楼、总部楼。增强获得感、幸福感、安全感。"
                   "利用官方微博、微信公众号、抖音号、视频号等平台开展宣传。"}
    # a shared place or institution noun (学校, 楼) or the 号 of accounts marks a list of names; 感 does not
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"获得感、幸福感、安全感"}


def test_three_short_items_sharing_a_two_character_head(tokenizer):
    corpus = {"a": "发展面向现代化、面向世界、面向未来的文化。促进群众性冰雪运动、促进奥林匹克运动发展、促进世界人民团结友谊。"}
    # short items sharing a head of two characters are a formula; long clauses are prose
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"面向现代化、面向世界、面向未来"}


def test_clauses_ending_in_one_shared_character_give_their_last_words(tokenizer):
    corpus = {"a": "组织党员领导干部带头讲、区委宣讲团集中讲、镇街院坝宣讲团覆盖讲、村居创新手段鲜活讲。"}
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"带头讲、集中讲、覆盖讲、鲜活讲"}


def test_a_last_item_after_a_conjunction_closes_the_series(tokenizer):
    corpus = {"a": "严厉整治形式主义、官僚主义、享乐主义和奢靡之风。迎来了从站起来、富起来到强起来的伟大飞跃。"
                   "做到横向到边、纵向到底。支持各民主党派、各人民团体和无党派人士。"}
    # after 和 the fourth item may leave the template of the first three; 到 closes a sequence
    # only after 从 (not in 横向到边); two items and a third of another length are no series
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "形式主义、官僚主义、享乐主义、奢靡之风", "站起来、富起来、强起来"}


def test_a_particle_shared_by_every_item_is_part_of_the_template(tokenizer):
    corpus = {"a": "促进各民族和睦相处、和衷共济、和谐发展。"}
    # 和 opens every item: no fragment cut off before a particle
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"和睦相处、和衷共济、和谐发展"}


def test_a_longer_last_item_holding_the_template(tokenizer):
    corpus = {"a": "实行宏观政策要稳、产业政策要准、微观政策要活、改革政策要实、社会政策要托底的总体思路。"
                   "建成经济更加发展、民主更加健全、科教更加进步、文化更加繁荣、社会更加和谐、人民生活更加殷实的小康社会。"
                   "坚持政治建设、思想建设、组织建设、作风建设、纪律建设工作规范。"}
    # the last item may be up to two characters longer when it holds the shared characters at
    # its head (社会政策要托底) or at its tail (人民生活更加殷实), and ends at a token boundary
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "宏观政策要稳、产业政策要准、微观政策要活、改革政策要实、社会政策要托底",
        "经济更加发展、民主更加健全、科教更加进步、文化更加繁荣、社会更加和谐、人民生活更加殷实",
        "政治建设、思想建设、组织建设、作风建设、纪律建设"}


def test_outer_segments_are_kept_only_when_they_fit_the_template(tokenizer):
    corpus = {"a": "伟大斗争，伟大工程，伟大事业，伟大梦想，紧密联系、相互贯通。"
                   "在幼有所育、学有所教、劳有所得、病有所医、老有所养、住有所居、弱有所扶上不断取得新进展。"}
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "伟大斗争、伟大工程、伟大事业、伟大梦想",
        "幼有所育、学有所教、劳有所得、病有所医、老有所养、住有所居、弱有所扶",
    }


def test_a_stretch_of_an_over_long_series_sharing_more_places(tokenizer):
    corpus = {"a": "为建设科技强国、质量强国、航天强国、网络强国、交通强国、数字中国、智慧社会提供有力支撑。"
                   "采购钢材、木材、石材、质量强国、航天强国、网络强国、交通强国等。"}
    # the items around 质量强国…交通强国 share only 国: the stretch sharing 强国 is the series, its
    # first neighbour kept (科技强国 fits), the others left out; items sharing one place stay one series
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False))
    assert "科技强国、质量强国、航天强国、网络强国、交通强国" in found
    # not the stretch run on into a neighbour that breaks its template (…、交通强国、数字中国)
    assert not any("数字中国" in s or "钢材" in s for s in found)


def test_series_of_coined_three_character_items(tokenizer):
    corpus = {"a": "突出抓重点、补短板、强弱项，让党员知敬畏、存戒惧、守底线。形成全方位、多层次、立体化格局。"
                   "到一线察实情、解难题、促发展、办实事。提高党把方向、谋大局、定政策、促改革的能力。"
                   "持续增加民生投入，着力保基本、兜底线、促公平，提升公共服务水平。"}
    # a single character before a word, none an ordinary word: a coined series even without a
    # shared character (the dictionary's rare phrase entries 促发展, 办实事 are no ordinary words;
    # 把 in 把方向 is a verb, not a particle cutting a fragment);
    # three dictionary words of the same length are an ordinary list
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "抓重点、补短板、强弱项", "知敬畏、存戒惧、守底线", "察实情、解难题、促发展、办实事", "把方向、谋大局、定政策、促改革",
        "保基本、兜底线、促公平"}
    # the segmenter reads 着|力保|基本: the series still starts at 保
    hits = slogan_occurrences(corpus, ["保基本、兜底线、促公平"], tokenizer=tokenizer)
    assert hits["surface"].tolist() == ["保基本、兜底线、促公平"]


def test_lists_of_numbered_things_and_of_sectors_are_not_formulas(tokenizer):
    corpus = {"a": "党的十六大、十七大、十八大以来，建筑业、房地产业、金融业、生活服务业加快发展。"
                   "推进一季度、二季度、三季度工作。坚持政党协商、人大协商、政府协商、政协协商。"}
    # items told apart only by a numeral; items sharing only the tail of a sector (业)
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"政党协商、人大协商、政府协商、政协协商"}


def test_closed_series_of_predicative_four_character_items(tokenizer):
    corpus = {"a": "按照产业兴旺、生态宜居、乡风文明、治理有效、生活富裕的总要求推进。"
                   "坚持解放思想、实事求是、与时俱进、求真务实，开拓进取。"}
    # idioms, subject-predicate and verb-object items, the whole list, closed by 的 or punctuation
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "产业兴旺、生态宜居、乡风文明、治理有效、生活富裕", "解放思想、实事求是、与时俱进、求真务实"}
    negatives = {"a": "统筹经济实力、科技人才、基础设施。"
                      "以随机抽查、调研访谈、实地查看等方式展开指导。"
                      "在高质量发展、民生保障、基层治理、生态保护、铸牢中华民族共同体意识等方面查摆问题。"
                      "建立健全闭环落实、清单推进、工作调度机制。"}
    # noun phrases; an open list of examples (等); a stretch of a longer list of other items;
    # a list running into a word (…工作调度机制)
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False)) == set()


def test_watchwords_named_as_the_object_of_a_verb_of_commitment(tokenizer):
    corpus = {"a": "坚持稳中求进工作总基调，贯彻新发展理念。经济稳中求进。坚持以人民为中心的发展思想。",
              "b": "要全面贯彻新发展理念。坚持以人民为中心，办好民生实事。"}
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["framed"]))
    # a role noun after it (工作总基调, 的发展思想) is not part of the watchword, a name noun (理念) is
    assert found == {"稳中求进", "新发展理念", "以人民为中心"}
    building = {"a": "推动构建人类命运共同体。以推动高质量发展为主题，实现高质量发展。推动形成全面开放新格局。",
                "b": "携手构建人类命运共同体，实现高质量发展。推动形成全面开放新格局。"}
    # verbs of building only with a name noun (共同体, 格局, 战略); 以…为主题; not a verb and its object
    assert _found(find_slogans(building, tokenizer=tokenizer, known=False, signals=["framed"])) == {
        "人类命运共同体", "高质量发展"}
    negatives = {"a": "坚持理论学习，坚持扩大对外开放，坚持实事求是的作风。理论学习要深入，扩大对外开放。",
                 "b": "坚持久久为功。"}
    # two common words (理论学习), a verb and its object, a dictionary word (实事求是);
    # framed once and never used again (久久为功)
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False, signals=["framed"])) == set()


def test_a_pair_joined_by_and_that_reorders_itself(tokenizer):
    corpus = {"a": "协同推进数字产业化和产业数字化转型。坚持在发展中保护与在保护中发展。繁荣文化事业和文化产业。"}
    # a chiasmus joined by 和 or 与 is coined; two things sharing a word (文化事业和文化产业) are not
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "数字产业化、产业数字化": ("enumeration", "a", 1), "在发展中保护、在保护中发展": ("enumeration", "a", 1)}


def test_a_watchword_of_two_units_written_as_a_list(tokenizer):
    corpus = {"a": "坚持碳达峰碳中和，推进“碳达峰”。", "b": "坚持碳达峰碳中和，推动“碳达峰”，做好碳达峰、碳中和各项工作。"}
    # 碳达峰 is a watchword of its own: 碳达峰、碳中和 is 碳达峰碳中和 written as a list
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert _rows(table) == {"碳达峰": ("watchword", "a;b", 2), "碳达峰碳中和": ("watchword", "a;b", 3)}
    assert set(table.set_index("slogan").loc["碳达峰碳中和", "variants"].split(";")) == {"碳达峰碳中和", "碳达峰、碳中和"}


def test_abcb_patterns_of_coined_halves(tokenizer):
    corpus = {"a": "推进医养康养相结合，完善体制机制，开展领学促学。",
              "b": "推动医养康养相结合，健全体制机制，日子会越来越好，干出实打实的业绩。", "c": "日子会越来越好。"}
    # halves that are not words, in one document or several; not dictionary words (体制机制), a comparison
    # (越来越) or a stretch across words whose last three characters are a word (干出|实打实)
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["pattern"])) == {
        "医养康养": ("pattern", "a;b", 2), "领学促学": ("pattern", "a", 1)}


def test_abcb_frames_of_obligation_and_condition_count_once(tokenizer):
    corpus = {"a": "困难群众应保尽保，企业能合则合。商品应有尽有，坚持稳中求进。"}
    # 应X尽X and 能X则X leave room for one character: a formula at its first use, even when a half
    # is a word (应保, 能合); not an idiom of the dictionary (应有尽有)
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["pattern"])) == {
        "应保尽保": ("pattern", "a", 1), "能合则合": ("pattern", "a", 1)}


def test_means_and_end_coinages(tokenizer):
    corpus = {"a": "坚持以保促稳，推广以工代训。实施以工代赈，以加强党的建设促进发展，以导带督，以及促进就业。"
                   "要以新促进发展，以旧代表新。"}
    # 以A促B, 以A代B with single-character A and B, used once; not a common word of the dictionary
    # (以工代赈), a longer means (以加强…促进), another verb (以导带督), 以及, or B the start of a
    # word with 促/代 (以新|促进, 以旧|代表)
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "以保促稳": ("coinage", "a", 1), "以工代训": ("coinage", "a", 1)}


def test_a_framed_watchword_may_begin_with_a_function_character_of_a_word(tokenizer):
    corpus = {"a": "各级政府要坚持过紧日子，严控一般性支出。坚持在实践中，学习提高。",
              "b": "坚持过紧日子，节用裕民。坚持在实践中，学习提高。"}
    # 过 of 过紧 is no particle; 在 standing alone before a word is (a fragment of a clause)
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["framed"])) == {
        "过紧日子": ("watchword", "a;b", 2)}


def test_a_watchword_inside_a_series_is_still_reported(tokenizer):
    corpus = {"a": "一体推进不敢腐、不能腐、不想腐。今年要坚持稳字当头、稳中求进。",
              "b": "一体推进不敢腐、不能腐、不想腐，坚持稳字当头、稳中求进，应对下行压力。"}
    # 稳字当头 is framed (坚持…、) in both documents: a watchword of its own, though every use sits
    # in a series; the items of 不敢腐、不能腐、不想腐 have no evidence of their own
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "稳字当头、稳中求进": ("enumeration", "a;b", 2), "不敢腐、不能腐、不想腐": ("enumeration", "a;b", 2),
        "稳字当头": ("watchword", "a;b", 0)}


def test_what_a_policy_is_based_on_is_framed_too(tokenizer):
    corpus = {"a": "立足新发展阶段，贯彻新发展理念。准确把握新发展阶段。立足我国国情，立足本职工作。",
              "b": "立足我国国情，立足本职工作，办好自己的事。"}
    # 立足 names a watchword as 坚持 does; not two common words (我国国情, 本职工作)
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["framed"])) == {
        "新发展阶段": ("coinage", "a", 2)}


def test_a_thing_named_in_apposition_is_a_formula_at_its_first_use(tokenizer):
    corpus = {"a": "全市紧紧围绕高质量发展这个首要任务，推动工作落实。要牢牢扭住经济建设这个中心。",
              "b": "自治区聚焦高质量发展的首要任务，把以学促干贯穿始终。",
              "c": "我国发展到现在这个阶段，在这个基础上，坚持把教育这个关乎千家万户和中华民族未来的事业办好。"
                   "要坚持依法治国这个党领导人民治理国家的基本方略。"}
    # after a verb of holding on and closing the clause, once is enough, and A的B is the same formula;
    # not without such a verb (到现在这个阶段, 在这个基础上), after 把, nor before a whole clause
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["framed"])) == {
        "高质量发展这个首要任务": ("watchword", "a;b", 2), "经济建设这个中心": ("coinage", "a", 1)}
    table = find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["framed"])
    occ = slogan_occurrences(corpus, table, tokenizer=tokenizer)
    assert occ[occ.doc_id == "b"].surface.tolist() == ["高质量发展的首要任务"]


def test_a_series_joined_by_he_at_the_very_end_of_a_text(tokenizer):
    # 和 as the last character: the item after it is empty (this raised IndexError)
    cands = slogan_candidates({"a": "强党性、强作风、强能力、强本领和"}, tokenizer=tokenizer, signals=["enumeration"])
    assert cands["surface"].tolist() == ["强党性、强作风、强能力、强本领"]


def test_a_closed_pair_of_idioms_is_a_formula(tokenizer):
    corpus = {"a": "坚持古为今用、推陈出新，繁荣文化。我们知难而进、迎难而上，统筹发展和安全。"
                   "全党要坚定信心、开拓进取，再创佳绩。人心所向、大势所趋决定了前途。采购钢材、木材，建设工程。"}
    # two idioms of the dictionary closing a clause; not entries of its lowest frequency (坚定信心), nor a
    # pair running into other words (…大势所趋决定了), nor two ordinary nouns
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["enumeration"])) == {
        "古为今用、推陈出新", "知难而进、迎难而上"}


def test_a_closed_couplet_sharing_a_classical_word_in_third_place_is_a_formula(tokenizer):
    corpus = {"a": "形成人尽其才、各展其能的良好局面。唯有矢志不渝、笃行不怠，方能成功。夯实民生之基、财富之源。"
                   "人心所向、大势所趋决定了前途。"}
    # 其 and 不 make predicates; 之 makes noun phrases (a list); a pair running into a verb is not closed
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["enumeration"])) == {
        "人尽其才、各展其能", "矢志不渝、笃行不怠"}


def test_a_pair_of_patterns_of_one_frame_is_a_formula_even_of_dictionary_words(tokenizer):
    corpus = {"a": "推动干部能上能下、能进能出，形成导向。做到有声有色、见行见效，抓出成效。"}
    # 能上能下 and 能进能出 are words of the dictionary, but share the frame 能…能…; 有声有色、见行见效
    # share none (and 有声有色 is an ordinary idiom)
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["enumeration"])) == {
        "能上能下、能进能出"}


def test_a_pair_before_a_head_noun_is_proposed_once_and_needs_a_whole_noun(tokenizer):
    # closed on both sides, the pair before 问题 is also the pair the plain rule finds: one candidate
    cands = slogan_candidates({"a": "。看病难、看病贵问题。"}, tokenizer=tokenizer, signals=["enumeration"])
    assert cands[["start", "end", "surface"]].values.tolist() == [[1, 8, "看病难、看病贵"]]
    # the head must be a whole noun of two or three characters: not one character ending the text
    from textkit.slogans import _headed, _make_doc

    for text, headed in [("看病难、看病贵问题。", True), ("看病难、看病贵书", False)]:
        assert _headed(_make_doc("a", text, map(len, tokenizer.cut(text))), 7) is headed


def test_a_national_project_that_is_built_is_a_watchword(tokenizer):
    corpus = {"a": "建设更高水平的平安中国。平安中国建设取得新成效。推进法治中国建设。坚持一个中国原则。",
              "b": "共同建设平安中国。在新中国建设初期，一个中国建设的说法不成立。"}
    # two characters and 中国, built, and named again; not named once (法治中国), a count (一个中国)
    # or a particle (在新中国)
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["framed"])) == {
        "平安中国": ("watchword", "a;b", 3)}
    # 建设 must stand right before or after it, not at the end of the text (a negative offset)
    ends_in_building = {"a": "平安中国是目标。我们要求平安中国。全面推进建设", "b": "今年的工作很多。"}
    assert find_slogans(ends_in_building, tokenizer=tokenizer, known=False, signals=["framed"]).empty


def test_a_quoted_name_before_the_noun_of_a_campaign_is_a_coinage_used_once(tokenizer):
    corpus = {"a": "组织党员参与“帅乡党旗红”“津城先锋”等活动。持续开展“立足岗位作贡献”活动。",
              "b": "打造“开放前沿党旗红”党建品牌。加快推进临江学校、“孺子书房”等工程建设。",
              "c": "实施“十四五”规划重大工程。“红色引擎”成效明显。"}
    rows = _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["quoted", "framed"]))
    # each named by the noun of a campaign or a brand right after it (等 and 党建 may come between)
    for name, doc in (("帅乡党旗红", "a"), ("津城先锋", "a"), ("立足岗位作贡献", "a"), ("开放前沿党旗红", "b")):
        assert rows[name] == ("coinage", doc, 1), name
    # not the last of a list of names that 等 and the noun name together (a building), a period,
    # nor a quoted phrase used once without such a noun
    assert not {"孺子书房", "十四五", "红色引擎"} & set(rows)
    # without the frame the quotation alone is not enough
    assert "立足岗位作贡献" not in _rows(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["quoted"]))


def test_series_framed_by_a_verb_of_commitment(tokenizer):
    corpus = {"a": "党中央始终坚持人民至上、生命至上，强化医疗资源。坚持外防输入、内防反弹，抓好防控。"
                   "坚持照镜子、正衣冠、洗洗澡、治治病的要求。确保十四五开好局、起好步。"}
    # the object of 坚持 up to the end of the clause or 的; a pair shares a character in the same
    # place; 开好局、起好步: one middle character framed by different ones
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "人民至上、生命至上", "外防输入、内防反弹", "照镜子、正衣冠、洗洗澡、治治病", "开好局、起好步"}
    negatives = {"a": "坚持突出重点、抓住关键，推动工作。坚持目标导向、效果导向，抓好落实。"
                      "坚持教育引导、实践养成、制度保障共同推进。坚持东西部协作、对口支援、定点帮扶等机制。"
                      "坚持理论学习、调查研究、推动发展、检视整改一体推进。"}
    # a pair sharing nothing, two noun phrases; a last item running into other words
    # (…共同推进, …一体推进); an open list (等)
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False)) == set()


def test_phrases_quoted_one_by_one_and_rare_fixed_phrases(tokenizer):
    corpus = {"a": "坚持“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针。严格执行国务院“约法三章”。"
                   "净化城市“血管”，守好政治生态“绿水青山”。",
              "b": "全面准确贯彻“一国两制”、“港人治港”、“澳人治澳”方针。"}
    rows = _rows(find_slogans(corpus, tokenizer=tokenizer, known=False))
    # each quoted phrase is a formula of its own, not the three together; a rare idiom of the
    # dictionary quoted is a watchword, a quoted noun (a metaphor) is not
    assert rows == {"一国两制": ("numbered", "a;b", 2), "港人治港": ("watchword", "a;b", 2),
                    "澳人治澳": ("watchword", "a;b", 2), "约法三章": ("coinage", "a", 1)}


def test_a_chain_of_quoted_watchwords_is_its_watchwords(tokenizer):
    corpus = {"a": "坚持“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针。“打虎”、“拍蝇”、“猎狐”多管齐下。",
              "b": "落实“港人治港”、“澳人治澳”。"}
    # 港人治港、澳人治澳 share a template, but each is a watchword quoted on its own; quoted
    # short words in a chain are one slogan
    assert _rows(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "港人治港": ("watchword", "a;b", 2), "澳人治澳": ("watchword", "a;b", 2),
        "一国两制": ("numbered", "a", 1), "打虎、拍蝇、猎狐": ("enumeration", "a", 1)}


def test_lists_of_two_character_words_need_repetition_and_a_template_or_length(tokenizer):
    once = {"a": "落实创新、协调、绿色、开放、共享等方面工作。请示中央、省委、市委。"}
    assert _found(find_slogans(once, tokenizer=tokenizer, known=False)) == set()
    twice = {**once, "b": "坚持创新、协调、绿色、开放、共享。报告中央、省委、市委。"}
    # three two-character words without a shared character stay an ordinary list
    assert _rows(find_slogans(twice, tokenizer=tokenizer, known=False)) == {
        "创新、协调、绿色、开放、共享": ("enumeration", "a;b", 2)}


def test_three_two_character_verbs_used_again_are_a_stance(tokenizer):
    once = {"a": "毫不动摇鼓励、支持、引导非公有制经济发展。"}
    assert _found(find_slogans(once, tokenizer=tokenizer, known=False)) == set()
    twice = {**once, "b": "要鼓励、支持、引导社会力量参与。请示中央、省委、市委。", "c": "报告中央、省委、市委。"}
    # three verbs in a list that runs on are a stance when used again (鼓励、支持、引导); three
    # nouns stay an ordinary list however often
    assert _rows(find_slogans(twice, tokenizer=tokenizer, known=False)) == {
        "鼓励、支持、引导": ("enumeration", "a;b", 2)}


def test_closed_lists_of_two_character_qualities(tokenizer):
    corpus = {"a": "建设天蓝、地绿、水清的美丽中国。推动经济全球化朝着开放、包容、普惠、平衡、共赢的方向发展。"
                   "高举和平、发展、合作、共赢的旗帜。成功举办了简约、安全、精彩的北京冬奥会、冬残奥会。"
                   "把新发展理念完整、准确、全面贯彻发展全过程。"}
    # qualities or actions, not things, before 的 or closing the clause; 和 opening 和平 is no particle;
    # a series ends before 的 (…精彩的北京冬奥会、冬残奥会 goes on with another list); before a
    # verb, qualities say how it is done
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {
        "天蓝、地绿、水清", "开放、包容、普惠、平衡、共赢", "和平、发展、合作、共赢", "简约、安全、精彩", "完整、准确、全面"}
    negatives = {"a": "落实中央、省委、市委的部署。采购钢材、木材、石材的费用。推动开放、包容、普惠等理念落地。"
                      "中央、省委、市委部署了任务。"
                      "推动开放、包容、普惠发展。"}
    # bodies and things; an open list (等); a list running into a word
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False)) == set()


def test_two_character_lists_with_a_shared_character_and_a_coined_item(tokenizer):
    corpus = {"a": "推进自治、法治、德治相结合，抵制低俗、庸俗、媚俗。采购了钢材、木材、石材。建设陆军、海军、空军。"}
    # 德治 and 媚俗 are rare in the general dictionary: the list was coined; 钢材、木材、石材 is not
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"自治、法治、德治", "低俗、庸俗、媚俗"}


def test_series_written_without_separators(tokenizer):
    corpus = {"a": "完善强农惠农富农政策。抓住人民最关心最直接最现实的利益问题。缓解融资难融资贵问题。进一步加大力度。"}
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False))
    assert found == {"强农惠农富农", "最关心、最直接、最现实", "融资难、融资贵"}


def test_three_units_without_separators_overrule_the_segmenter(tokenizer):
    # the segmenter reads 庸政懒/政怠政 and 马克思主义中国化时代化/大众化; three units sharing a
    # character are a series all the same; units glued by 的 are not
    corpus = {"a": "坚决整肃庸政懒政怠政行为。必须推进马克思主义中国化时代化大众化。他们办的事管的事说的事都很多。"}
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert _found(table) == {"庸政懒政怠政", "中国化、时代化、大众化"}
    occ = slogan_occurrences(corpus, table, tokenizer=tokenizer)
    start = corpus["a"].index("中国化")
    assert ("中国化、时代化、大众化", start) in set(zip(occ["slogan"], occ["start"]))


def test_four_units_overrule_the_segmenter_anywhere_and_no_abacad_ends_in_a_particle(tokenizer):
    # the segmenter reads 使尊|法学|法|守法|用法|在: four two-character units sharing their second
    # character are a series even after a short word, and 法守法用法在 (ABACAD closed by 在) is no pattern
    corpus = {"a": "发挥领导干部示范带头作用，努力使尊法学法守法用法在全社会蔚然成风。"}
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert _found(table) == {"尊法学法守法用法"}
    occ = slogan_occurrences(corpus, table, tokenizer=tokenizer)
    assert occ[["surface", "start"]].values.tolist() == [["尊法学法守法用法", corpus["a"].index("尊法")]]


def test_quoted_numbered_formulas_even_when_the_dictionary_knows_them(tokenizer):
    corpus = {"a": "坚持“三个代表”重要思想，做好“三农”工作，实行“双随机、一公开”，做好“六稳”“六保”，"
                   "步行“一刻钟”，开展“四下基层、三访三促”。"}
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False))
    assert found == {"三个代表", "三农", "双随机、一公开", "六稳", "六保", "四下基层", "三访三促"}
    # 一刻钟 is a numeral expression in the dictionary; 六稳 and 六保 are quoted side by side, not a series


def test_abac_of_ordinary_words_needs_a_series_or_rare_parts_in_several_documents(tokenizer):
    corpus = {"a": "推动工作有力有序、入心入脑、走深走实、见行见效。抓好整改整治，压紧压实责任。",
              "b": "有力有序推进工作，抓好整改整治，要压紧压实责任。"}
    rows = _rows(find_slogans(corpus, tokenizer=tokenizer, known=False))
    # 有力有序 stands in a series of patterns; 压紧 and 压实 are rare words; 整改, 整治 are everyday words
    assert rows["有力有序"] == ("pattern", "a;b", 1)
    assert rows["压紧压实"] == ("pattern", "a;b", 2)
    assert "整改整治" not in rows
    assert _found(find_slogans({"a": corpus["b"]}, tokenizer=tokenizer, known=False)) == set()


def test_nested_components_credit_every_document_but_count_once(tokenizer):
    corpus = {"a": "在以学铸魂、以学增智、以学正风、以学促干上下功夫。",
              "b": "坚持以学促干，推动“以学促干”落地。"}
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    rows = _rows(table)
    assert rows["以学促干"] == ("watchword", "a;b", 2)
    occ = slogan_occurrences(corpus, tokenizer=tokenizer)
    assert occ.groupby("slogan").size().to_dict() == {"以学铸魂、以学增智、以学正风、以学促干": 1, "以学促干": 2}


def test_a_statistical_ngram_that_is_a_slogan_in_context_is_dropped(tokenizer):
    corpus = {"a": "着力解决群众急难愁盼问题。深化放管服改革。",
              "b": "帮助群众解决急难愁盼的事。深化放管服，优化营商环境。",
              "c": "回应急难愁盼，推进放管服。"}
    assert "深化放管服" in set(slogan_candidates(corpus, tokenizer=tokenizer, signals=["statistical"])["surface"])
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["statistical"])) == {"急难愁盼", "放管服"}


def test_two_coined_units_side_by_side_are_one_watchword(tokenizer):
    # 碳中和 closes with 和, which belongs to the word 中和 and is no particle; 碳中和 is no
    # ordinary word of context, so 碳达峰碳中和 is not 碳达峰 in a context
    corpus = {"a": "积极稳妥推进碳达峰碳中和。落实碳达峰行动方案。深化放管服改革。",
              "b": "有序推进碳达峰碳中和工作。实现碳达峰目标。推进放管服。",
              "c": "统筹做好碳达峰碳中和。回应碳达峰要求。优化放管服。"}
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["statistical"]))
    assert {"碳达峰碳中和", "碳达峰", "放管服"} <= found
    # a particle standing alone on the edge is a fragment of a clause, a context word added to a
    # slogan is that slogan in a context
    assert not {"推进放管服", "放管服改革", "推进碳达峰碳中和"} & found
    clause = {"a": "加强国防和军队建设。", "b": "推进国防和外交工作。", "c": "重视国防和教育。"}
    assert not any(s.endswith("和") for s in _found(find_slogans(clause, tokenizer=tokenizer, known=False)))


@pytest.mark.parametrize(("corpus", "wanted", "unwanted"), [
    # 扫黑|除恶 and 立德|树人 join two rare words of the dictionary: coined compounds, found like
    # compressed watchwords when they recur; terms naming things (跨境电商: two nouns; 疫病防控:
    # a noun and a verbal noun) and adverbs (越来越多) are not
    ({"a": "推进扫黑除恶常态化。落实立德树人根本任务。发展跨境电商。加强疫病防控工作。问题越来越多。",
      "b": "深入开展扫黑除恶。坚持立德树人。支持跨境电商发展。做好疫病防控。机会越来越多了。",
      "c": "扫黑除恶取得成效，立德树人成果显著，跨境电商增长，疫病防控有力，人越来越多。"},
     {"扫黑除恶", "立德树人"}, ("跨境电商", "疫病防控", "越来越多")),
    # 原原本本|学 and 扎扎实实|干: ordinary words, but an AABB idiom before one action is a watchword of
    # how to work; not AABB before a particle (认认真真地), nor a plain idiom before a verb (坚定不移走)
    ({"a": "推动原原本本学，扎扎实实干好工作。认认真真地学。坚定不移走新路。",
      "b": "书目原原本本学、逐字逐句悟。要扎扎实实干。认认真真地做。坚定不移走下去。",
      "c": "干部原原本本学方面用力不够。扎扎实实干出成效。认认真真地听。必须坚定不移走好。"},
     {"原原本本学", "扎扎实实干"}, ("认认真真", "坚定不移")),
], ids=["two_rare_words", "reduplicated_idiom_before_one_action"])
def test_recurring_compounds_of_dictionary_words(tokenizer, corpus, wanted, unwanted):
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["statistical"]))
    assert wanted <= found
    assert not {s for s in found if any(u in s for u in unwanted)}


def test_an_ordinary_compound_framed_once_and_used_by_three_documents(tokenizer):
    # 健康中国 and 工匠精神 read as ordinary words, but one document frames them as commitments
    # (实施…战略, 弘扬…和…) and three use them with varied neighbours: watchwords
    corpus = {"a": "实施健康中国战略。弘扬劳模精神和工匠精神。推动经济发展。实施区域重大战略。",
              "b": "推进健康中国建设，培育工匠精神。促进经济发展。落实区域重大战略。",
              "c": "建设健康中国。工匠精神代代传。经济发展良好。区域重大战略取得进展。",
              "d": "打造健康中国，大力弘扬工匠精神，经济发展加快。"}
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["statistical", "framed"]))
    assert {"健康中国", "工匠精神"} <= found
    # never framed (经济发展), or named with its noun in most uses (区域重大|战略): not a watchword
    assert not {"经济发展", "区域重大"} & found
    two = {d: corpus[d] for d in ("a", "b")}
    assert not {"健康中国", "工匠精神"} & _found(find_slogans(two, tokenizer=tokenizer, known=False, signals=["statistical", "framed"]))


def test_series_that_only_share_their_length_need_repetition_or_quotes(tokenizer):
    once = {"a": "一体推进理论学习、调查研究、推动发展、检视整改等重点举措。"}
    assert _found(find_slogans(once, tokenizer=tokenizer, known=False)) == set()
    twice = {**once, "b": "坚持理论学习、调查研究、推动发展、检视整改一体推进。"}
    table = find_slogans(twice, tokenizer=tokenizer, known=False)
    row = table[table["slogan"] == "理论学习、调查研究、推动发展、检视整改"].iloc[0]
    assert (row["n_docs"], row["doc_ids"], row["kind"]) == (2, "a;b", "enumeration")
    quoted = {"a": "拿出“时间表”“路线图”“任务书”。"}
    assert "时间表、路线图、任务书" in _found(find_slogans(quoted, tokenizer=tokenizer, known=False))


def test_numbered_formulas_but_not_ordinals_or_quantities(tokenizer):
    corpus = {
        "a": "坚决拥护“两个确立”，开展“三多三少三慢”问题专项整治，建立“1+4+N”宣传阵地，依托“三会一课”。"
             "实施第十三个五年规划，确定37个调研选题，梳理问题1225个，紧扣12个方面内容。"
             "总结十大亮点，其中十大亮点之一是三个特点。",
        "b": "坚决拥护“两个确立”。自治区制定五大任务实施方案，人大制定五大任务发展条例。三个特点很鲜明。",
    }
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    found = _found(table)
    assert {"两个确立", "三多三少三慢", "1+4+N", "三会一课", "五大任务"} <= found
    assert set(table.loc[table["slogan"].isin(["两个确立", "1+4+N"]), "kind"]) == {"numbered"}
    # the counts a report orders itself by (十大亮点, 三个特点) are no formulas either
    for not_formula in ("十三个五年", "第十三个五年规划", "37个调研选题", "1225个", "12个方面内容", "12个方面", "十大亮点", "三个特点"):
        assert not any(not_formula in s for s in found), not_formula


def test_compact_numbered_formulas_count_once(tokenizer):
    corpus = {"a": "推行三证合并、实行一照一码，落实一岗双责。"}
    # numerals alternating with words of one or two characters: one use is enough
    assert {"一照一码", "一岗双责"} <= _found(find_slogans(corpus, tokenizer=tokenizer, known=False))
    negatives = {"a": "要一步一步走。两岸双方要加强交流。这三者统一于伟大实践。一年一次开展。"}
    # a reduplication, words that only begin with a numeral, a particle, a frequency
    assert _found(find_slogans(negatives, tokenizer=tokenizer, known=False)) == set()


def test_a_numeral_naming_a_longer_phrase_counts_once(tokenizer):
    corpus = {"a": "坚持四项基本原则，充分发挥中央和地方两个积极性，确定两个目标，推出三项举措。纪念和平共处五项原则提出七十周年。"}
    # a numeral and a measure word before a phrase of three or more characters name a formula;
    # before a two-character noun they count things, and must recur to count; 五项原则提出 ends in a verb
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"四项基本原则", "两个积极性"}


def test_a_shared_particle_is_no_template(tokenizer):
    corpus = {"a": "以积极的态度、务实的举措、有效的成果回应关切。"}
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == set()


def test_abac_patterns_at_word_boundaries_only(tokenizer):
    corpus = {"a": "推动主题教育走深走实、见行见效，做到立行立改。区委常委会要求各地各单位不折不扣落实。"}
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    found = _found(table)
    assert {"走深走实", "见行见效", "立行立改"} <= found
    assert set(table.loc[table["slogan"] == "走深走实", "kind"]) == {"pattern"}
    # fragments straddling words, and an ordinary dictionary idiom
    assert not {"各地各单", "委常委会", "不折不扣"} & found


def test_quoted_watchwords_and_coinages_but_not_metaphors(tokenizer):
    corpus = {
        "a": "建立“民呼我为”“接诉即办”工作机制，聚焦“关键少数”，打通城市“脉络”，净化城市“血管”，“学”字当头。",
        "b": "做到“民呼我为”，抓住“关键少数”，针对“蓉漂”人才党员，编印《习近平著作选读》。",
    }
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    found = _found(table)
    assert {"民呼我为", "接诉即办", "关键少数", "蓉漂"} <= found
    assert not {"脉络", "血管", "学", "习近平著作选读"} & found
    kinds = dict(zip(table["slogan"], table["kind"]))
    assert kinds["民呼我为"] == "watchword" and kinds["蓉漂"] == "coinage"
    assert dict(zip(table["slogan"], table["n_docs"]))["蓉漂"] == 1


def test_a_quoted_phrase_opened_by_a_reduplicated_character_is_a_slogan(tokenizer):
    # every, at all times: the form of a slogan even when quoted once and made of ordinary words;
    # not a phrase of ordinary words in quotes
    corpus = {"a": "增强“时时放心不下”的责任感，转化为“事事心中有底”的行动，讲好“安全生产”。"}
    found = _found(find_slogans(corpus, tokenizer=tokenizer, known=False))
    assert {"时时放心不下", "事事心中有底"} <= found
    assert "安全生产" not in found


def test_unquoted_watchwords_from_statistics(tokenizer):
    corpus = {
        "a": "着力解决群众急难愁盼问题。深化放管服改革。",
        "b": "帮助群众解决急难愁盼的事。推进放管服，优化营商环境。",
        "c": "回应急难愁盼，办好民生实事。",
    }
    table = find_slogans(corpus, tokenizer=tokenizer, known=False, signals=["statistical"])
    assert {"急难愁盼", "放管服"} <= _found(table)
    # 放管服 always precedes 改革 in a, never in b: varied neighbours make it a unit
    assert not {"民生实事", "解决群众", "放管服改革"} & _found(table)
    once = {"a": "着力解决群众急难愁盼问题。"}
    assert _found(find_slogans(once, tokenizer=tokenizer, known=False, signals=["statistical"])) == set()


def test_ordinals_comparisons_verb_objects_and_cut_modifiers_are_not_slogans(tokenizer):
    corpus = {"a": "一是加快改革，二是扩大开放，三是加快创新。经济越开越大，贡献更多更大。"
                   "推进医养结合，建设雄安新区。加强新时代党的建设。我们坚持不搞大水漫灌。",
              "b": "三是加快转型。深化医养结合，高标准建设雄安新区。推进新时代党的建设。我们坚持不搞强刺激。",
              "c": "发展医养结合。"}
    # 三是 is an ordinal, 越…越…/更…更… the grammar of comparison, 建设 + 雄安新区 a verb and
    # its object, 我们坚持不搞 a clause, 新时代党 a modifier cut before 的; 医养结合 recurs with
    # varied neighbours
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"医养结合"}


def test_variants_are_grouped_under_one_slogan(tokenizer):
    corpus = {
        "a": "推动理论学习入脑入心。引导群众感党恩、听党话、跟党走。督促各地拿出时间表、路线图、任务书。",
        "b": "确保学习入心入脑。提出在感党恩听党话跟党走方面争模范。明确“时间表”“路线图”“任务书”。",
    }
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    rows = table.set_index("slogan")
    assert rows.loc["感党恩、听党话、跟党走", "doc_ids"] == "a;b"
    assert set(rows.loc["感党恩、听党话、跟党走", "variants"].split(";")) == {"感党恩、听党话、跟党走", "感党恩听党话跟党走"}
    abac = [s for s in table["slogan"] if s in ("入脑入心", "入心入脑")]
    assert len(abac) == 1 and rows.loc[abac[0], "n_docs"] == 2
    assert rows.loc["时间表、路线图、任务书", "doc_ids"] == "a;b"


def test_nested_hits_count_once_for_the_longest_form(tokenizer):
    text = "在以学铸魂、以学增智、以学正风、以学促干上下功夫。把以学促干贯穿始终。"
    occ = slogan_occurrences({"a": text}, ["以学铸魂、以学增智、以学正风、以学促干", "以学促干"], tokenizer=tokenizer)
    assert occ["slogan"].tolist() == ["以学铸魂、以学增智、以学正风、以学促干", "以学促干"]
    for row in occ.itertuples():
        assert text[row.start : row.end] == row.surface


def test_offsets_index_the_cleaned_text(corpus, tokenizer):
    small = corpus.iloc[:2]
    occ = slogan_occurrences(small, tokenizer=tokenizer)
    texts = dict(zip(small["doc_id"], small["text"]))
    assert len(occ) > 10
    assert all(texts[r.doc_id][r.start : r.end] == r.surface for r in occ.itertuples())


def _registry_changes_no_discovered_row(corpus, tokenizer) -> pd.DataFrame:
    with_known = find_slogans(corpus, tokenizer=tokenizer)
    without = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert {"known", "expansion"} <= set(with_known.columns) and "known" not in without.columns
    added = with_known["signals"].str.split(";").map(lambda s: "known" in s)
    assert added.any() and with_known.loc[added, "known"].all()
    discovered = with_known.loc[~added, without.columns].reset_index(drop=True)
    # only the kind of a known phrase used by one document changes (a national watchword, not a coinage)
    changed = discovered["kind"] != without["kind"]
    assert (without.loc[changed, "kind"] == "coinage").all() and (discovered.loc[changed, "kind"] == "watchword").all()
    pd.testing.assert_frame_equal(discovered.drop(columns="kind"), without.drop(columns="kind"))
    return with_known


def test_registry_on_the_reference_corpus_counts_each_use_once(reference_corpus, tokenizer):
    # the registry's known formulas among 1,246 discovered slogans, located together, longest first: following
    # the table into the texts finds the same uses as the counts
    table = find_slogans(reference_corpus, tokenizer=tokenizer)
    occurrences = slogan_occurrences(reference_corpus, table, tokenizer=tokenizer)
    pd.testing.assert_series_equal(occurrences.groupby("slogan").size().reindex(table["slogan"], fill_value=0),
                                   table.set_index("slogan")["count"], check_names=False)
    # a discovered slogan inside a longer known formula (可持续发展 in 可持续发展战略) keeps the documents
    # using it: 1,241 of the 1,246 discovered rows stay, 8 with fewer documents (measured)
    without = find_slogans(reference_corpus, tokenizer=tokenizer, known=False).set_index("slogan")
    kept = without.index.intersection(table["slogan"])
    assert len(kept) >= 0.99 * len(without)
    n_docs = table.set_index("slogan").loc[kept, "n_docs"]
    assert (n_docs == without.loc[kept, "n_docs"]).mean() >= 0.99


def test_registry_adds_columns_and_rows_but_changes_no_discovered_row(corpus, tokenizer):
    # no known formula of the registry contains a use of a discovered slogan of the five reports (measured)
    with_known = _registry_changes_no_discovered_row(corpus, tokenizer)
    row = with_known[with_known["slogan"] == "三新"].iloc[0]
    assert bool(row["known"]) and row["expansion"] == "新经济组织、新社会组织、新就业群体"
    assert not with_known.loc[with_known["slogan"] == "蓉漂", "known"].item()


def _registry(tmp_path, lines: str):
    path = tmp_path / "registry.tsv"
    path.write_text("formula\texpansion\tvariants\n" + lines, encoding="utf-8")
    return path


def test_registry_sentence_formulas_name_their_short_predicates(tmp_path, tokenizer):
    registry = _registry(tmp_path, "发展是第一要务\t\t\n教育是国之大计、党之大计\t\t\n法治是治国理政的基本方式\t\t\n"
                                   "实事求是、清正廉洁\t\t\n")
    corpus = {"a": "坚持把第一要务抓在手上。办好国之大计、党之大计。掌握基本方式，做到忠诚干净、清正廉洁。"}
    # X是Y names Y when Y is a list or four to six characters without 的; not a phrase with 的, nor
    # what follows 是 inside a word of a list (实事求是)
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry)
    assert set(table["slogan"]) == {"第一要务", "国之大计、党之大计"}
    assert set(table["known"]) == {True}


def test_registry_formulas_name_the_list_they_predicate_or_qualify(tmp_path, tokenizer):
    formulas = ["党的领导是全面的、系统的、整体的", "可信、可爱、可敬的中国形象", "决不能有松劲歇脚、疲劳厌战的情绪",
                "房子是用来住的、不是用来炒的"]
    # each formula written as a sentence of its own, and listed in the registry
    sentences = {"a": "。".join(formulas) + "。"}
    table = find_slogans(sentences, tokenizer=tokenizer, registry=_registry(tmp_path, "".join(f"{f}\t\t\n" for f in formulas)))
    table = table.set_index("slogan")
    # the list after 是 or before 的 is a formula of its own, used inside the sentence
    assert table.loc["全面的、系统的、整体的", "doc_ids"] == "a"
    assert table.loc["可信、可爱、可敬", "doc_ids"] == "a"
    assert "可信、可爱、可敬的中国形象" in table.index
    # not when the items are no series (a prefix glued to the first item), nor a list of sentences with 是
    assert not any(s.startswith(("松劲", "用来住")) for s in table.index)
    assert "决不能有松劲歇脚、疲劳厌战的情绪" in table.index


def test_a_known_formula_of_digits_is_not_used_inside_a_longer_run(tmp_path, tokenizer):
    registry = _registry(tmp_path, "1+4\t党章、党的组织法规、党的领导法规、党的自身建设法规、党的监督保障法规\t\n5G\t\t\n")
    # the segmenter cuts 1+4+N into five tokens: 1+4 and 5G are not used inside 1+4+N and 5G5,
    # but are where they stand alone, also next to Chinese characters
    table = find_slogans({"a": "建立“1+4+N”宣传阵地，推进5G5试点。", "b": "完善1+4制度体系，建设5G基站。"},
                         tokenizer=tokenizer, registry=registry).set_index("slogan")
    assert table.loc["1+4", "doc_ids"] == "b"
    assert table.loc["5G", "doc_ids"] == "b"


def test_a_known_list_inside_a_sentence_formula_is_a_row_of_its_own(tmp_path, tokenizer):
    registry = _registry(tmp_path, "教育是国之大计、党之大计\t\t\n三新\t新经济组织、新社会组织、新就业群体\t\n两新\t新经济组织、新社会组织\t\n"
                                   "科技是第一生产力、人才是第一资源、创新是第一动力\t\t\n")
    corpus = {"a": "教育是国之大计、党之大计。要把新经济组织、新社会组织、新就业群体团结起来。"
                   "科技是第一生产力、人才是第一资源、创新是第一动力。"}
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry).set_index("slogan")
    # the predicate list is used only inside the sentence, whose first item (教育是国之大计) is no
    # item of it: a row, credited to the document; a known list whose items are all items of the
    # longer list it sits in (新经济组织、新社会组织) is part of that list
    assert table.loc["国之大计、党之大计", "doc_ids"] == "a"
    assert table.loc["国之大计、党之大计", "count"] == 0
    assert "新经济组织、新社会组织" not in table.index
    assert "新经济组织、新社会组织、新就业群体" in table.index
    # a list of sentences X是Y names no predicate (not 第一生产力、人才是第一资源、创新是第一动力)
    assert not any(s.startswith("第一生产力") for s in table.index)
    assert "科技是第一生产力、人才是第一资源、创新是第一动力" in table.index


def test_a_known_watchword_that_is_a_lists_template_is_part_of_it(tmp_path, tokenizer):
    registry = _registry(tmp_path, "人民城市\t\t\n港人治港\t\t\n")
    corpus = {"a": "坚持人民城市人民建、人民城市为人民。", "b": "坚持一国两制、港人治港、澳人治澳、高度自治。"}
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry).set_index("slogan")
    assert "人民城市人民建、人民城市为人民" in table.index
    # the head every item shares is the list's template, not a use of the watchword; a watchword
    # that is one item of a list is still a formula of its own
    assert "人民城市" not in table.index
    assert table.loc["港人治港", "doc_ids"] == "b"


def test_a_known_list_is_found_with_its_first_items_quoted(tmp_path, tokenizer):
    registry = _registry(tmp_path, "一国两制、港人治港、澳人治澳、高度自治\t\t\n港人治港\t\t\n")
    corpus = {"a": "坚持“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针。"}
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry).set_index("slogan")
    assert table.loc["一国两制、港人治港、澳人治澳、高度自治", "count"] == 1
    # its quoted items that are formulas of their own stay rows
    assert table.loc["港人治港", "doc_ids"] == "a"
    occ = slogan_occurrences(corpus, table.reset_index(), tokenizer=tokenizer)
    assert occ.loc[occ["slogan"] == "一国两制、港人治港、澳人治澳、高度自治", "surface"].tolist() == [
        "一国两制”、“港人治港”、“澳人治澳”、高度自治"]


def test_registry_forms_join_the_discovered_variant(tmp_path, tokenizer):
    # discovery finds the registry's variant (quoted again and again); the registry's own formula is
    # then located as a form of that slogan, not left out
    registry = _registry(tmp_path, "自由贸易试验区\t\t自贸试验区\n")
    corpus = {"a": "建设“自贸试验区”。", "b": "推进“自贸试验区”建设。", "c": "赋予自由贸易试验区更大改革自主权。"}
    found = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert found["slogan"].tolist() == ["自贸试验区"]
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry)
    assert table[["slogan", "doc_ids", "count"]].values.tolist() == [["自贸试验区", "a;b;c", 3]]


def test_registry_finds_a_watchword_used_once(tmp_path, tokenizer):
    registry = _registry(tmp_path, "新常态\t\t经济发展新常态\n")
    corpus = {"a": "我国经济发展进入新常态，各项工作稳步推进。", "b": "推动常态化监督，避免出现新常态化问题。"}
    assert find_slogans(corpus, tokenizer=tokenizer, known=False).empty
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry)
    # the registry's own form is the slogan, even where a longer variant would match; and not
    # inside 新常态化 (no token boundary)
    assert table[["slogan", "kind", "doc_ids", "count", "signals", "known"]].values.tolist() == [
        ["新常态", "watchword", "a", 1, "known", True]]
    occ = slogan_occurrences(corpus, table, tokenizer=tokenizer)
    assert occ[["doc_id", "start", "end", "surface"]].values.tolist() == [["a", 8, 11, "新常态"]]


def test_registry_locates_an_expansion_that_is_a_list(tmp_path, tokenizer):
    registry = _registry(tmp_path, "三农\t农业、农村、农民\t\n")
    corpus = {"a": "始终把解决好农业、农村、农民问题作为重中之重。"}
    assert find_slogans(corpus, tokenizer=tokenizer, known=False).empty
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry)
    assert table[["slogan", "kind", "known", "expansion"]].values.tolist() == [["农业、农村、农民", "enumeration", True, ""]]
    # an expansion with more than a plain list is no formula of its own
    registry = _registry(tmp_path, "三农\t农业、农村、农民的问题\t\n")
    assert find_slogans(corpus, tokenizer=tokenizer, registry=registry).empty


def test_registry_locates_an_expansion_of_clauses_as_written(tmp_path, tokenizer):
    # a sentence formula of clauses joined by ， is located as written, and a known list inside it is
    # still a formula of its own (unlike a known list inside a longer list)
    registry = _registry(tmp_path, "两个毫不动摇\t毫不动摇巩固和发展公有制经济，毫不动摇鼓励、支持、引导非公有制经济发展\t\n"
                                   "鼓励、支持、引导\t\t\n")
    corpus = {"a": "必须毫不动摇巩固和发展公有制经济，毫不动摇鼓励、支持、引导非公有制经济发展。"}
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry)
    assert table[["slogan", "kind", "count", "known"]].values.tolist() == [
        ["毫不动摇巩固和发展公有制经济，毫不动摇鼓励、支持、引导非公有制经济发展", "watchword", 1, True],
        ["鼓励、支持、引导", "enumeration", 0, True]]
    # used inside a longer known list elsewhere, it is still a row: not used only inside lists
    longer = _registry(tmp_path, registry.read_text(encoding="utf-8").split("\n", 1)[1] + "鼓励、支持、引导、保护\t\t\n")
    table = find_slogans({**corpus, "b": "坚持鼓励、支持、引导、保护民营经济发展。"}, tokenizer=tokenizer, registry=longer)
    assert table.set_index("slogan").loc["鼓励、支持、引导", "doc_ids"] == "a;b"
    assert "鼓励、支持、引导" not in set(find_slogans({"b": "坚持鼓励、支持、引导、保护民营经济发展。"}, tokenizer=tokenizer,
                                                      registry=longer)["slogan"])
    # clauses with more than words between them (a full stop) are no formula of their own
    registry = _registry(tmp_path, "两个毫不动摇\t毫不动摇巩固和发展公有制经济。毫不动摇鼓励非公有制经济发展\t\n")
    assert find_slogans(corpus, tokenizer=tokenizer, registry=registry).empty


def test_a_known_list_may_end_inside_a_token(tmp_path, tokenizer):
    # the segmenter glues the last item to the noun the list qualifies (绿色|化发展): the list is still used
    text = "推动制造业高端化、智能化、绿色化发展。"
    assert "化发展" in tokenizer.cut(text)
    registry = _registry(tmp_path, "高端化、智能化、绿色化\t\t\n绿色化\t\t\n")
    table = find_slogans({"a": text}, tokenizer=tokenizer, registry=registry)
    assert table["slogan"].tolist() == ["高端化、智能化、绿色化"]
    # a watchword must still end at a token boundary
    assert find_slogans({"a": "推动制造业绿色化发展。"}, tokenizer=tokenizer, registry=registry).empty


def test_a_document_is_credited_with_slogans_nested_at_any_depth(tmp_path, tokenizer):
    # 富强民主文明和谐美丽 inside 富强民主文明和谐美丽的社会主义现代化强国 inside the use of a longer formula
    registry = _registry(tmp_path, "富强民主文明和谐美丽\t\t\n富强民主文明和谐美丽的社会主义现代化强国\t\t\n"
                                   "建成富强民主文明和谐美丽的社会主义现代化强国\t\t\n")
    table = find_slogans({"a": "到本世纪中叶把我国建成富强民主文明和谐美丽的社会主义现代化强国。"}, tokenizer=tokenizer,
                         registry=registry)
    assert table[["slogan", "doc_ids", "count"]].values.tolist() == [
        ["建成富强民主文明和谐美丽的社会主义现代化强国", "a", 1], ["富强民主文明和谐美丽", "a", 0],
        ["富强民主文明和谐美丽的社会主义现代化强国", "a", 0]]


def test_a_known_formula_takes_the_use_of_a_discovered_slogan_it_contains(tmp_path, tokenizer):
    corpus = {"a": "坚决打好防范化解重大风险、精准脱贫、污染防治的攻坚战。"}
    without = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert without["slogan"].tolist() == ["重大风险、精准脱贫、污染防治"]
    # the longest complete form is the use, the registry's or not; the discovered slogan is still credited
    # to the document, with no use of its own
    registry = _registry(tmp_path, "防范化解重大风险、精准脱贫、污染防治\t\t\n")
    with_known = find_slogans(corpus, tokenizer=tokenizer, registry=registry)
    assert with_known[["slogan", "doc_ids", "count", "known"]].values.tolist() == [
        ["防范化解重大风险、精准脱贫、污染防治", "a", 1, True], ["重大风险、精准脱贫、污染防治", "a", 0, False]]
    occ = slogan_occurrences(corpus, with_known, tokenizer=tokenizer)
    assert occ["slogan"].tolist() == ["防范化解重大风险、精准脱贫、污染防治"]


def test_a_known_phrase_inside_a_discovered_slogan_is_a_row(tmp_path, tokenizer):
    corpus = {"a": "要学思想、强党性、重实践、建新功。", "b": "坚持学思想、强党性、重实践、建新功。"}
    registry = _registry(tmp_path, "强党性\t\t\n重实践、建新功\t\t\n")
    table = find_slogans(corpus, tokenizer=tokenizer, registry=registry)
    # a phrase known on its own is credited to the documents using it, with no use outside the
    # series; a known list inside a longer list is only part of it
    assert table[["slogan", "n_docs", "count", "signals"]].values.tolist() == [
        ["学思想、强党性、重实践、建新功", 2, 2, "enumeration;framed;reuse"], ["强党性", 2, 0, "known;reuse"]]


def test_a_user_registry_is_read(tmp_path, tokenizer):
    path = tmp_path / "mine.tsv"
    path.write_text("# mine\nformula\texpansion\tvariants\n走深走实\t走向深入、落到实处\t\n", encoding="utf-8")
    assert load_known_formulas(path)["formula"].tolist() == ["走深走实"]
    table = find_slogans({"a": "推动工作走深走实。"}, tokenizer=tokenizer, registry=path)
    assert table[["slogan", "known", "expansion"]].values.tolist() == [["走深走实", True, "走向深入、落到实处"]]
    bad = tmp_path / "bad.tsv"
    bad.write_text("word\tmeaning\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header formula, expansion"):
        load_known_formulas(bad)


def test_the_registry_lists_each_form_once():
    # a form in two entries would make which expansion a slogan gets depend on the order of the file
    table = load_known_formulas()
    assert len(table) > 400 and (table["formula"].str.len() >= 2).all()
    owner: dict[str, str] = {}
    for formula, variants in table[["formula", "variants"]].itertuples(index=False):
        for form in {_PUNCT_STRIP.sub("", f) for f in [formula, *variants.split(";")] if f}:
            assert form not in owner, f"{form} is listed by {owner[form]} and {formula}"
            owner[form] = formula


def test_found_slogans_protect_tokens(tokenizer):
    corpus = {"a": "围绕“学思想、强党性、重实践、建新功”，推动“民呼我为”落地。", "b": "践行“民呼我为”。"}
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    protected = Tokenizer(protect=table["slogan"], stopwords=None, cache_dir=tokenizer.cache_dir)
    assert "学思想、强党性、重实践、建新功" in protected.cut(corpus["a"])


def test_table_is_sorted_and_typed(corpus, tokenizer):
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    assert list(table.columns[:6]) == ["slogan", "kind", "n_docs", "doc_ids", "count", "score"]
    keys = list(zip(-table["score"], -table["count"], table["slogan"]))
    assert keys == sorted(keys)
    assert table["slogan"].is_unique
    assert set(table["kind"]) <= {"enumeration", "numbered", "pattern", "watchword", "coinage"}
    assert (table["n_docs"] == table["doc_ids"].str.split(";").str.len()).all()


@pytest.fixture(scope="module")
def eval_slogans():
    """tools/eval_slogans.py, the script that scores find_slogans against an annotation."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_slogans", paths.ROOT / "tools" / "eval_slogans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_precision_and_recall_against_the_annotation(corpus, tokenizer, eval_slogans):
    gold = pd.read_csv(paths.ROOT / "tests" / "fixtures" / "slogans_annotated.csv", dtype=str, keep_default_na=False)
    # 178 formulas: the 157 below and 21 national formulas of a second, blind reading (README). The default,
    # with the registry of known formulas: measured 0.903 / 0.938 / 0.933 (0.903 / 0.933 / 0.933 before the
    # registry's twenty-second batch, which lists 西部陆海新通道; 0.902 / 0.927 / 0.933 before its fifteenth, 0.902 / 0.921 / 0.900 before
    # reduplicated idioms before one action, 原原本本学; 0.901 / 0.916 / 0.867 before things
    # named in apposition, 高质量发展这个首要任务; 0.906 / 0.916 / 0.867 before ABCB
    # patterns of coined halves counted at their first use, which adds 领学促学, not annotated; 0.905 / 0.904 / 0.867
    # before the registry's sixth batch, 0.904 / 0.904 / 0.867 before its fifth, 0.914 / 0.893 / 0.800 before its third and fourth, 0.913 / 0.888 / 0.800 before its expansions of clauses were
    # located; against the 157: 0.904 / 0.955 /
    # 0.920; 0.909 / 0.949 / 0.920 before the registry's second batch, 0.906 / 0.924 / 0.920 before quoted
    # campaign names). Issue 3's bar is 0.90 / 0.90 / 0.90: these are floors against a regression
    result = eval_slogans.evaluate(find_slogans(corpus, tokenizer=tokenizer), gold)
    assert result["precision"] >= 0.90
    assert result["recall"] >= 0.90
    assert result["shared_doc_ids"] >= 0.90
    # discovery alone: measured 0.900 / 0.809 / 0.767 against the 178 formulas (0.899 / 0.803 / 0.733 before
    # 原原本本学; 0.899 / 0.798 / 0.700 before things
    # named in apposition; 0.904 / 0.798 / 0.700 before ABCB
    # patterns of coined halves counted at their first use), 0.904 / 0.904 / 0.840 against
    # the 157 (0.902 / 0.879 / 0.840 before quoted campaign names), 0.902 / 0.920 / 0.913 against
    # the 150 before the 7 national watchwords (高质量发展, 全面从严治党, …) that only the registry finds were
    # added to the annotation (0.901 / 0.907 / 0.913 before the closed series and framed watchwords,
    # 0.900 / 0.900 / 0.913 before the rules of issue 3); floors catch a regression
    result = eval_slogans.evaluate(find_slogans(corpus, tokenizer=tokenizer, known=False), gold)
    assert result["precision"] >= 0.895
    assert result["recall"] >= 0.805
    assert result["shared_doc_ids"] >= 0.76


def test_misses_are_counted_by_where_they_lie(eval_slogans):
    # numbers only, each miss once: inside a longer returned form, holding one, proposed but not
    # accepted, or proposed by no signal
    table = pd.DataFrame({"slogan": ["扩大内需战略", "港人治港"], "variants": ["", "“港人治港”"]})
    candidates = pd.DataFrame({"key": ["刻舟求剑、封闭僵化"], "surface": ["刻舟求剑、封闭僵化"]})
    misses = pd.DataFrame({"slogan": ["扩大内需", "港人治港、澳人治澳", "刻舟求剑、封闭僵化", "全民健身", "“内需”"]})
    where = eval_slogans.where_missed(table, candidates, misses)
    # “内需” is inside 扩大内需战略 once its quotes are stripped
    assert where == {"inside": 2, "holds": 1, "proposed": 1, "not_proposed": 1}


def test_precision_and_recall_against_the_reference_annotation(reference_corpus, tokenizer, eval_slogans):
    # a second, independent annotation of three national reports (gwr_2016, gwr_2023, cpc_congress_19)
    gold = pd.read_csv(paths.ROOT / "tests" / "fixtures" / "reference_annotated.csv", dtype=str, keep_default_na=False)
    annotated = {d for ds in gold["doc_ids"] for d in ds.split(";")}
    three = reference_corpus[reference_corpus["doc_id"].isin(annotated)]
    result = eval_slogans.evaluate(find_slogans(three, tokenizer=tokenizer, known=False), gold)
    # measured 0.656 / 0.797 / 0.831 (0.662 / 0.797 / 0.831 before the closed pairs trimmed to their template and
    # the closed couplets sharing 所/其/不 in third place, three of which this annotation does not count:
    # 敢于斗争、敢于胜利, 初心不改、矢志不渝, …; 0.668 / 0.797 / 0.831 before closed pairs of idioms, four of which this
    # annotation does not count: 时不我待、只争朝夕, …; 0.672 / 0.797 / 0.831 before ABCB patterns of coined halves
    # counted at their first use; 0.671 / 0.794 / 0.831 before the frames 应X尽X, 能X则X;
    # 0.668 / 0.788 / 0.831 before the enumeration rules of recall round 4,
    # 0.672 / 0.785 / 0.814 before the rules of recall round 3,
    # 0.679 / 0.785 / 0.814 before the watchwords framed once and used by three documents, 0.719 / 0.655 / 0.712 before the closed series and framed watchwords,
    # 0.657 / 0.556 / 0.661 before the rules of issue 3, 0.603 / 0.441 / 0.500 before the rules written with
    # this annotation)
    assert result["precision"] >= 0.65
    assert result["recall"] >= 0.79
    assert result["shared_doc_ids"] >= 0.825
    # with the registry (the default): 0.273 / 0.966 / 0.966 (0.275 before its tenth batch, 0.279 before its eleventh; 0.963 before its formulas named the lists they predicate or qualify; 0.283 before its ninth batch, 0.299 / 0.960 before its eighth; 0.301 before the short predicates of its sentence
    # formulas, 第一要务, 群众工作, …; 0.302 before the closed pairs trimmed to their
    # template; 0.306 / 0.957 / 0.966 before its seventh batch,
    # 0.308 / 0.957 / 0.966 before closed pairs of idioms; 0.321 / 0.954 / 0.966 before overlapping uses went to
    # the slogans covering the most characters and the registry's sixth batch; 0.542 / 0.920 / 0.966 before its second batch;
    # it lists national formulas this annotation does not count: 中华民族伟大复兴, 共同富裕, …)
    result = eval_slogans.evaluate(find_slogans(three, tokenizer=tokenizer), gold)
    assert result["recall"] >= 0.95
    assert result["shared_doc_ids"] >= 0.96


def test_candidates_report_their_signal(tokenizer):
    table = slogan_candidates({"a": "坚决拥护“两个确立”，推动工作走深走实。"}, tokenizer=tokenizer)
    signals = dict(zip(table["surface"], table["signal"]))
    assert signals["走深走实"] == "pattern"
    assert set(table.loc[table["surface"] == "两个确立", "signal"]) == {"quoted", "numbered"}


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"signals": ["quotes"]}, ValueError, "signals=.*quotes.*allowed"),
        ({"known": "yes"}, TypeError, "known must be"),
        ({"tokenizer": "jieba"}, TypeError, "tokenizer must be"),
    ],
)
def test_bad_options_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        find_slogans({"a": "走深走实"}, **kwargs)


def test_a_bare_string_is_refused():
    with pytest.raises(TypeError, match="single string"):
        find_slogans("推动工作走深走实", known=False)


def test_cli_writes_the_slogan_table(tmp_path, capsys):
    out = tmp_path / "slogans.csv"
    assert main(["slogans", str(paths.CORPUS), "--out", str(out), "--no-known"]) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:6]) == ["slogan", "kind", "n_docs", "doc_ids", "count", "score"]
    assert "known" not in table.columns
    assert table["score"].is_monotonic_decreasing
    assert "slogans" in capsys.readouterr().out
    out2 = tmp_path / "ngrams.csv"
    assert main(["ngrams", str(paths.CORPUS), "--out", str(out2), "--n", "2", "--unit", "char"]) == 0
    assert set(pd.read_csv(out2)["n"]) == {2}


def test_cli_takes_a_registry_of_ones_own(tmp_path, capsys):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("我国经济发展进入新常态，各项工作稳步推进。", encoding="utf-8")
    registry = _registry(tmp_path, "新常态\t经济发展的新阶段\t\n")
    out = tmp_path / "slogans.csv"
    assert main(["slogans", str(tmp_path / "corpus"), "--out", str(out), "--registry", str(registry)]) == 0
    assert pd.read_csv(out, keep_default_na=False)[["slogan", "known", "expansion"]].values.tolist() == [["新常态", True, "经济发展的新阶段"]]
    assert main(["slogans", str(tmp_path / "corpus"), "--registry", str(tmp_path / "missing.tsv")]) == 2
    assert "missing.tsv" in capsys.readouterr().err
    assert main(["slogans", str(tmp_path / "corpus"), "--registry", str(registry), "--no-known"]) == 2
    assert "contradict" in capsys.readouterr().err


def test_precision_and_recall_against_the_held_out_annotation(reference_corpus, tokenizer, eval_slogans):
    # gwr_2021, annotated by reading before the closed series and framed watchwords were written and never
    # inspected item by item: a proxy for texts the rules were not developed on (tools/eval_slogans.py --heldout)
    gold = pd.read_csv(paths.ROOT / "tests" / "fixtures" / "heldout_gwr_2021.csv", dtype=str, keep_default_na=False)
    one = reference_corpus[reference_corpus["doc_id"] == "gwr_2021"]
    result = eval_slogans.evaluate(find_slogans(one, tokenizer=tokenizer, known=False), gold)
    # measured 0.811 / 0.455 alone (0.794 / 0.409 before recall round 3, 0.796 / 0.326 before the closed
    # series and framed watchwords)
    assert result["precision"] >= 0.80
    assert result["recall"] >= 0.45
    # gwr_2024, annotated the same way before the statistical rules of the next round: 0.734 / 0.466 alone
    # (before session 17's rules 0.727 / 0.432 as last recorded here; 0.753 / 0.432 before quoted campaign names, which add two rows it does not count; 0.747 / 0.419
    # before recall round 3)
    gold = pd.read_csv(paths.ROOT / "tests" / "fixtures" / "heldout_gwr_2024.csv", dtype=str, keep_default_na=False)
    one = reference_corpus[reference_corpus["doc_id"] == "gwr_2024"]
    result = eval_slogans.evaluate(find_slogans(one, tokenizer=tokenizer, known=False), gold)
    assert result["precision"] >= 0.72
    assert result["recall"] >= 0.425


def test_held_out_annotations_within_the_whole_reference_corpus(reference_corpus, tokenizer, eval_slogans):
    # gwr_2021 and gwr_2024 (annotated by reading before the rules of this round; gwr_2024's misses were
    # listed in session 16, gwr_2021's guided a round of rules), searched within all 14 documents, as `textkit slogans` on the folder would: the signals that
    # scale with the corpus (reuse, statistics, phrases framed once and used by three documents) show here
    table = find_slogans(reference_corpus, tokenizer=tokenizer, known=False)
    recalls = {}
    for name in ("heldout_gwr_2021.csv", "heldout_gwr_2024.csv"):
        gold = pd.read_csv(paths.ROOT / "tests" / "fixtures" / name, dtype=str, keep_default_na=False)
        recalls[name] = eval_slogans.evaluate(table, gold, doc_ids={name[8:-4]})["recall"]
    # measured 0.720 and 0.689 (0.662 for gwr_2024 before session 17's rules; 0.655 before patterns headed by a function character heading two
    # words, 向上向善; 0.712 and 0.655 before the enumeration rules of recall round 4, 0.636 and
    # 0.635 before recall round 3, 0.614 and 0.595 before the statistical rules of round 2)
    assert recalls["heldout_gwr_2021.csv"] >= 0.715
    assert recalls["heldout_gwr_2024.csv"] >= 0.685


def test_a_fresh_held_out_annotation(reference_corpus, tokenizer, eval_slogans):
    # gwr_2025, annotated by a reader who saw neither the registry nor any output, scored twice: 198 formulas,
    # a broader reading than the gwr_2021 and gwr_2024 annotations (100 watchwords, 26 patterns). Measured:
    # discovery alone 0.278 alone and 0.495 within the 14 documents (0.283 / 0.495 now); with the registry 0.591
    # and 0.641, 0.606 and 0.646 after the registry's second batch without its watchwords of ordinary words, 0.672
    # and 0.697 with them, 0.687 and 0.707 after its third and fourth batches, 0.702 and 0.727 after its fifth,
    # 0.707 and 0.742 once known formulas took the uses of the discovered slogans they hold, 0.717 and 0.753 with
    # known lists located where their last item is glued to the next word, 0.722 and 0.758 after the registry's
    # sixth batch, 0.732 and 0.768 with ABCB patterns of coined halves counted at their first use (discovery alone
    # 0.293 / 0.505; scored by totals only), 0.758 and 0.788 after session 20's registry batches, 0.758 and
    # 0.793 after session 21's first (a registry formula located where discovery found its variant), 0.763 and
    # 0.798 after its fifteenth, 0.773 and 0.803 after its sixteenth
    _held_out_recall_floors(reference_corpus, tokenizer, eval_slogans, "gwr_2025",
                            {False: (0.29, 0.50), True: (0.77, 0.80)})


def _held_out_recall_floors(reference_corpus, tokenizer, eval_slogans, doc_id: str,  # noqa: ANN001
                            floors: dict[bool, tuple[float, float]]) -> None:
    """Recall against ``tests/fixtures/heldout_{doc_id}.csv``, registry off and on (the keys of
    ``floors``): the document alone and within the whole reference corpus, each at least its floor."""
    gold = pd.read_csv(paths.ROOT / "tests" / "fixtures" / f"heldout_{doc_id}.csv", dtype=str, keep_default_na=False)
    one = reference_corpus[reference_corpus["doc_id"] == doc_id]
    for known, (alone, within) in floors.items():
        assert eval_slogans.evaluate(find_slogans(one, tokenizer=tokenizer, known=known), gold)["recall"] >= alone
        table = find_slogans(reference_corpus, tokenizer=tokenizer, known=known)
        assert eval_slogans.evaluate(table, gold, doc_ids={doc_id})["recall"] >= within


def test_a_second_fresh_held_out_annotation(reference_corpus, tokenizer, eval_slogans):
    # cpc_congress_20, annotated the same way by another reader who saw neither the registry nor any output: 602 formulas,
    # three times the reading of gwr_2025 (287 enumerations, 269 watchwords). Scored once: discovery alone 0.336
    # alone and 0.417 within the 14 documents; with the registry 0.487 and 0.520. Its misses then guided three rules
    # (discovery 0.341 / 0.422, registry 0.492 / 0.525), and the registry's second batch came after: 0.532 / 0.555
    # without its watchwords of ordinary words, 0.616 / 0.630 with them, 0.673 / 0.676 after its third and fourth
    # batches, 0.684 / 0.691 after its fifth, 0.714 / 0.739 once known formulas took the uses of the discovered
    # slogans they hold, 0.718 / 0.743 with slogans nested at any depth credited, 0.723 / 0.748 with lists located
    # where their last item is glued to the next word, 0.728 / 0.754 with overlapping uses going to the slogans
    # covering the most characters and lists located with 、 and ， mixed, 0.736 / 0.762 after the registry's sixth
    # batch (discovery alone 0.341 / 0.427), 0.741 / 0.767 with closed pairs of idioms (discovery alone 0.350 / 0.437),
    # 0.743 / 0.769 with pairs of patterns of one frame (能上能下、能进能出; discovery alone 0.352 / 0.439),
    # 0.746 / 0.771 after the registry's seventh batch, 0.757 / 0.786 after session 17's rules (discovery alone
    # 0.359 / 0.449), 0.774 / 0.799 after session 20's rules and the registry's tenth and eleventh batches,
    # 0.779 / 0.804 after its twelfth and thirteenth, 0.787 / 0.811 after its fourteenth and lists located with
    # their first items quoted, 0.797 / 0.819 after its fifteenth and sixteenth, 0.806 / 0.827 after its
    # seventeenth to twenty-second (session 22)
    _held_out_recall_floors(reference_corpus, tokenizer, eval_slogans, "cpc_congress_20",
                            {False: (0.355, 0.445), True: (0.80, 0.82)})


def test_a_third_fresh_held_out_annotation(reference_corpus, tokenizer, eval_slogans):
    # gwr_2022, annotated the same way by a reader who saw neither the registry nor any output (226 formulas: 149
    # watchwords, 47 enumerations), after the registry's fifth batch, and scored once: discovery alone 0.265 alone
    # and 0.434 within the 14 documents; with the registry 0.743 and 0.735, and (scored a second time) 0.757 and
    # 0.765 once known formulas took the uses of the discovered slogans they hold; (scored by totals only, a third
    # to seventh time) 0.770 with overlapping uses going to the slogans covering most characters, which cost
    # discovery alone one formula within the corpus (0.434 -> 0.429); 0.761 and 0.770 after the registry's sixth batch,
    # 0.765 and 0.774 with ABCB patterns of coined halves counted at their first use (discovery alone 0.274 / 0.434),
    # 0.770 and 0.779 after session 16's rules and the registry's seventh batch (scored once for them);
    # 0.801 and 0.810 after session 20's rules and the registry's tenth and eleventh batches, 0.810 and 0.814
    # after its twelfth and thirteenth (session 21), 0.814 and 0.814 after its seventeenth (session 22)
    _held_out_recall_floors(reference_corpus, tokenizer, eval_slogans, "gwr_2022",
                            {False: (0.27, 0.43), True: (0.81, 0.81)})


def test_the_fourth_and_fifth_fresh_held_out_annotations(reference_corpus, tokenizer, eval_slogans):
    # gwr_2019 (216 formulas, annotated in session 18) and gwr_2017 (206 formulas: 103 watchwords, 69
    # enumerations, 24 numbered, 6 patterns, 4 coinages, annotated in session 20), each by a reader who opened
    # only that text and the definition of a formula, scored by totals only. gwr_2019: first 0.708 /
    # 0.731 with the registry, 0.741 / 0.759 after its tenth batch (discovery alone 0.292 / 0.444), 0.755 / 0.778
    # after session 21's batches and changes, 0.769 / 0.787 after session 22's; gwr_2017,
    # first scored after the registry's eleventh batch: 0.714 / 0.733 (discovery alone 0.320 / 0.495), then by
    # totals after session 21's batches and changes: 0.723 / 0.738, and 0.728 / 0.743 after the fifteenth,
    # 0.733 / 0.748 after session 22's
    floors = {"gwr_2019": {False: (0.29, 0.44), True: (0.765, 0.785)},
              "gwr_2017": {False: (0.315, 0.49), True: (0.73, 0.745)}}
    for doc_id, doc_floors in floors.items():
        _held_out_recall_floors(reference_corpus, tokenizer, eval_slogans, doc_id, doc_floors)


def test_held_out_annotations_with_the_registry(reference_corpus, tokenizer, eval_slogans):
    # the default, discovery plus the registry of known national formulas, on the same held-out annotations:
    # measured 0.947 and 0.919 within the 14 documents, 0.939 and 0.899 alone (0.892 and 0.872 for gwr_2024 before
    # session 17's rules; 0.932 and 0.865 alone before ABCB
    # patterns of coined halves counted at their first use; 0.885 within for gwr_2024 before
    # patterns headed by a function character heading two words (向上向善), 0.878 before overlapping uses went
    # to the slogans covering the most characters; 0.939 / 0.924 and 0.872 / 0.858
    # before lists were located where their last item is glued to the next word, 0.917 / 0.917 and 0.851 / 0.858
    # while known formulas yielded to discovered slogans; 0.909 for gwr_2021 before the registry's second
    # batch, 0.838 for gwr_2024 before its watchwords of ordinary words; gwr_2021 no longer
    # unseen; gwr_2024 scored only as totals, but after each addition to the registry)
    table = find_slogans(reference_corpus, tokenizer=tokenizer)
    for name, within, alone in (("heldout_gwr_2021.csv", 0.945, 0.935), ("heldout_gwr_2024.csv", 0.915, 0.895)):
        gold = pd.read_csv(paths.ROOT / "tests" / "fixtures" / name, dtype=str, keep_default_na=False)
        doc_id = name[8:-4]
        assert eval_slogans.evaluate(table, gold, doc_ids={doc_id})["recall"] >= within
        one = find_slogans(reference_corpus[reference_corpus["doc_id"] == doc_id], tokenizer=tokenizer)
        assert eval_slogans.evaluate(one, gold)["recall"] >= alone


def test_reference_corpus_formulas(reference_corpus, tokenizer):
    # four national reports the code was not developed on (the whole corpus takes ~8 s)
    part = reference_corpus[reference_corpus["doc_id"].isin(["gwr_2017", "gwr_2018", "gwr_2019", "cpc_congress_19"])]
    table = find_slogans(part, tokenizer=tokenizer, known=False)
    rows = table.set_index("slogan")
    for formula in ("三去一降一补", "放管服", "一带一路", "四个全面"):
        assert formula in rows.index, formula
        assert rows.loc[formula, "n_docs"] >= 3
    assert not {"第十三个五年规划", "十三五"} & set(table["slogan"])


def test_slogan_wording_shows_each_documents_surface_forms():
    from textkit.slogans import slogan_wording

    hits = pd.DataFrame({
        "doc_id": ["a", "b", "b", "c", "a", "c", "c"],
        "surface": ["入脑入心", "入心入脑", "入脑入心", "入脑入心", "两个确立", "两个确立", "蓉漂"],
        "slogan": ["入脑入心", "入脑入心", "入脑入心", "入脑入心", "两个确立", "两个确立", "蓉漂"],
    })
    table = slogan_wording(hits, n=6)
    # 入脑入心 in three documents before 两个确立 in two; 蓉漂 (one document) is not shared
    assert table.values.tolist() == [
        ["入脑入心", "a", "入脑入心", 1, 1],
        ["入脑入心", "b", "入心入脑 / 入脑入心", 2, 2],
        ["入脑入心", "c", "入脑入心", 1, 1],
        ["两个确立", "a", "两个确立", 1, 1],
        ["两个确立", "c", "两个确立", 1, 1],
    ]
    assert slogan_wording(hits, n=1)["slogan"].unique().tolist() == ["入脑入心"]
    with pytest.raises(ValueError, match="n=0"):
        slogan_wording(hits, n=0)


def test_gc_is_paused_during_discovery_and_restored_as_it_was(monkeypatch):
    import gc

    import textkit.slogans as slogans_module
    from textkit._gc import gc_paused

    seen = []
    discover = slogans_module._discover
    monkeypatch.setattr(slogans_module, "_discover", lambda *a, **k: seen.append(gc.isenabled()) or discover(*a, **k))
    find_slogans({"a": "推动工作走深走实。", "b": "推动发展走深走实。"}, known=False)
    assert seen == [False] and gc.isenabled()
    # restored after an error; left disabled when it was disabled before
    with pytest.raises(ZeroDivisionError), gc_paused():
        1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_surface_index_made_once_locates_as_made_for_each_chunk():
    # textkit.analyze makes the index of the surfaces once and sends it (pickled) to every chunk;
    # the uses found are those found with an index made for the chunk, overruled series included
    import pickle

    from textkit.slogans import _HashSet, _locate_chunk, _SurfaceIndex

    texts = ["坚持马克思主义中国化时代化大众化，推动工作走深走实。", "着力保基本、兜底线、促公平，推动工作走深走实、见行见效。"]
    tok = Tokenizer(backend="rjieba")
    lengths = [[len(t) for t in tok.cut(text)] for text in texts]
    surface_to_key = {"中国化时代化大众化": "中国化时代化大众化", "走深走实": "走深走实", "见行见效": "见行见效",
                      "保基本、兜底线、促公平": "保基本、兜底线、促公平", "走深走实、见行见效": "走深走实、见行见效"}
    index = pickle.loads(pickle.dumps(_SurfaceIndex(surface_to_key)))
    assert "中国化时代化大众化" in index.series and "保基本、兜底线、促公平" in index.coined
    assert isinstance(index.heads, _HashSet) and index.heads.bitmap.sum() > 0 and len(index.heads.keys) > 0
    expected = _locate_chunk(["a", "b"], texts, lengths, surface_to_key)
    assert _locate_chunk(["a", "b"], texts, lengths, surface_to_key, index) == expected
    assert {h[3] for h in expected[0]} == {"中国化时代化大众化", "走深走实", "保基本、兜底线、促公平", "走深走实、见行见效"}


def test_surfaces_are_found_where_a_string_search_finds_them(monkeypatch):
    # _match_arrays tests the windows of every length at a head of four characters by their hashes
    # (from prefix hashes) before comparing strings: the same positions and lengths as comparing
    # every window, also for heads of several lengths, a surface ending a document, and batches of
    # documents joined (a batch of about one document here)
    import sys

    from textkit.slogans import _make_doc, _match_arrays, _powers, _surface_hashes, _SurfaceIndex

    slogans = sys.modules["textkit.slogans"]
    monkeypatch.setattr(slogans, "_BATCH_CHARS", 30)
    texts = ["推动主题教育走深走实，推动主题教育走深走实见行见效。走深走实", "主题教育走深",
             "以学铸魂、以学增智、以学正风、以学促干，以学铸魂。主题教育"]
    surfaces = ["走深走实", "走深走实见行见效", "主题教育", "主题教育走深走实", "主题教育走深", "以学铸魂",
                "以学铸魂、以学增智、以学正风、以学促干", "教育", "推动", "见行见效。"]
    docs = [_make_doc(str(i), t, [1] * len(t)) for i, t in enumerate(texts)]
    found: list[dict[int, tuple[int, ...]]] = [{} for _ in docs]
    for d, i, n in zip(*(column.tolist() for column in _match_arrays(docs, _SurfaceIndex(surfaces))[:3])):
        found[d][i] = found[d].get(i, ()) + (n,)
    for text, at in zip(texts, found):
        expected: dict[int, tuple[int, ...]] = {}
        for i in range(len(text)):
            lengths = tuple(sorted((len(s) for s in surfaces if len(s) >= 2 and text.startswith(s, i)), reverse=True))
            if lengths:
                expected[i] = lengths
        assert at == expected
    base = slogans._HASH_BASE
    assert _powers(base, [0, 1, 70, 12345]).tolist() == [pow(base, e, 1 << 64) for e in (0, 1, 70, 12345)]
    # the hash its docstring defines
    assert _surface_hashes(surfaces).tolist() == [
        sum(ord(ch) * pow(base, v, 1 << 64) for v, ch in enumerate(s)) % (1 << 64) for s in surfaces]


def test_numbering_by_first_appearance_matches_pandas(monkeypatch):
    import numpy as np

    from textkit import slogans

    values = np.random.default_rng(0).integers(0, 5_000, size=200_000).astype(np.int64)
    expected = pd.factorize(values)[0]
    assert slogans._pandas_factorize_array() is not None
    assert np.array_equal(slogans._numbered(values), expected)
    # should pandas move its factorize_array, the same numbers come from pd.factorize
    monkeypatch.setattr(slogans, "_pandas_factorize_array", lambda: None)
    assert np.array_equal(slogans._numbered(values), expected)


def test_overlapping_uses_go_to_the_slogans_covering_most_of_the_text(tmp_path, tokenizer):
    # 协同推进降碳 starts first but would cut off the longer list: the list is the use
    text = "协同推进降碳、减污、扩绿、增长，推进生态优先。"
    registry = _registry(tmp_path, "协同推进降碳\t\t\n降碳、减污、扩绿、增长\t\t\n")
    table = find_slogans({"a": text}, tokenizer=tokenizer, registry=registry)
    assert table[["slogan", "count"]].values.tolist() == [["降碳、减污、扩绿、增长", 1]]
    # alone, the shorter formula is used where it stands
    table = find_slogans({"a": "协同推进降碳，推进生态优先。"}, tokenizer=tokenizer, registry=registry)
    assert table[["slogan", "count"]].values.tolist() == [["协同推进降碳", 1]]


def test_best_cover_prefers_most_characters_then_fewest_uses_then_the_first():
    from textkit.slogans import _best_cover

    assert _best_cover([(0, 6), (4, 15)]) == [(4, 15)]
    assert _best_cover([(0, 6), (4, 8), (6, 12)]) == [(0, 6), (6, 12)]
    assert _best_cover([(0, 4), (2, 6)]) == [(0, 4)]  # a tie: the first
    assert _best_cover([(0, 8), (0, 4), (4, 8)]) == [(0, 8)]  # fewer, longer uses


def test_a_list_ending_inside_a_token_is_credited_inside_a_longer_formula(tmp_path, tokenizer):
    # the same boundary rule where a slogan is used and where it is credited inside a longer one
    text = "推动制造业高端化、智能化、绿色化发展，建设制造强国。"
    registry = _registry(tmp_path, "推动制造业高端化、智能化、绿色化发展，建设制造强国\t\t\n高端化、智能化、绿色化\t\t\n")
    table = find_slogans({"a": text}, tokenizer=tokenizer, registry=registry)
    assert table[["slogan", "doc_ids", "count"]].values.tolist() == [
        ["推动制造业高端化、智能化、绿色化发展，建设制造强国", "a", 1], ["高端化、智能化、绿色化", "a", 0]]


def test_the_registry_forms_of_a_discovered_slogan_are_located_as_its_variants(tmp_path, tokenizer):
    corpus = {"a": "坚持“以人民为中心”。", "b": "贯彻“以人民为中心”。", "c": "坚持以人民为中心的发展思想。"}
    registry = _registry(tmp_path, "以人民为中心\t\t以人民为中心的发展思想\n")
    row = find_slogans(corpus, tokenizer=tokenizer, registry=registry).set_index("slogan").loc["以人民为中心"]
    assert row["doc_ids"] == "a;b;c" and set(row["variants"].split(";")) == {"以人民为中心", "以人民为中心的发展思想"}
    occ = slogan_occurrences(corpus, ["以人民为中心"], tokenizer=tokenizer)
    assert find_slogans(corpus, tokenizer=tokenizer, known=False).set_index("slogan").loc["以人民为中心", "variants"] == "以人民为中心"
    assert occ["surface"].tolist() == ["以人民为中心"] * 3


def test_a_known_list_is_located_with_both_separators(tmp_path, tokenizer):
    text = "坚定信心、同心同德，埋头苦干、奋勇前进，为实现目标而团结奋斗。"
    registry = _registry(tmp_path, "坚定信心、同心同德、埋头苦干、奋勇前进\t\t\n")
    table = find_slogans({"a": text}, tokenizer=tokenizer, registry=registry)
    assert table[["slogan", "variants"]].values.tolist() == [["坚定信心、同心同德、埋头苦干、奋勇前进", "坚定信心、同心同德，埋头苦干、奋勇前进"]]


def test_a_series_does_not_start_with_a_preposition_standing_alone(tokenizer):
    corpus = {"a": "深化对共产党执政规律、社会主义建设规律、人类社会发展规律的认识。"
                   "做到把方向、谋大局、定政策、促改革。在以学铸魂、以学增智、以学正风、以学促干上下功夫。",
              "b": "加深对共产党执政规律、社会主义建设规律、人类社会发展规律的认识，取得成果。"}
    # 对 is cut off; the 把 of a verb and the 以 every item starts with are not
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) >= {
        "共产党执政规律、社会主义建设规律、人类社会发展规律", "把方向、谋大局、定政策、促改革", "以学铸魂、以学增智、以学正风、以学促干"}


def test_a_pattern_may_repeat_a_function_character_heading_two_words(tokenizer):
    # 向 heads both words of 向上|向善: no edge of a fragment; like other patterns of two ordinary words it
    # must recur in several documents. 把关把向 is no pattern: 把向 is no word
    corpus = {"a": "激励人们向上向善、孝老爱亲。", "b": "汇聚起向上向善的强大力量。", "c": "坚持把关把向，推动工作。"}
    assert _found(find_slogans(corpus, tokenizer=tokenizer, known=False)) == {"向上向善"}
    assert find_slogans({"a": corpus["a"]}, tokenizer=tokenizer, known=False).empty


def test_series_separated_by_commas_in_a_text_of_nothing_else(tokenizer):
    # the stretches of items and ， where such series are looked for reach the ends of the text
    # (a text without any other character was an edge case of their search with numpy)
    def series(text: str) -> list[str]:
        return slogan_candidates({"a": text}, tokenizer=tokenizer, signals=["enumeration"])["surface"].tolist()

    assert series("人民有信仰，国家有力量，民族有希望") == ["人民有信仰，国家有力量，民族有希望"]
    assert series("看病难，看病贵") == ["看病难，看病贵"]
    assert series("甲乙，丙丁") == []


def test_the_summary_of_character_ngrams_answers_as_the_questions_one_by_one(corpus, tokenizer):
    # slogan discovery asks what it still needs of the counts in one pass (so that the counts can
    # be let go before the framed phrases are asked for): the same answers as asked one by one
    import numpy as np

    from textkit.slogans import _GramCounts, _prepare_docs

    docs = _prepare_docs(corpus, tokenizer)
    grams = _GramCounts(docs, 6)
    for k in (3, 4, 6):
        at = grams.frequent(k, min_count=2, min_docs=2, min_pmi=0.0)
        assert len(at) > 20
        count, n_docs, run, followed, which, doc, offset = grams.summary(k, at, ["战", "的"])
        assert count.tolist() == [grams.count_at(p, k) for p in at.tolist()]
        # documents and bounded uses counted here one n-gram at a time, over every position
        ids = grams.ids[k]
        expected_docs, expected_hits = [], []
        expected_followed: dict[str, list[int]] = {"战": [], "的": []}
        for p in at.tolist():
            uses = np.flatnonzero(ids == ids[p])
            for ch, counts in expected_followed.items():
                counts.append(int((grams.codes[uses + k] == ord(ch)).sum()))
            of_use = grams.doc_of(uses)
            expected_docs.append(len(set(of_use.tolist())))
            bounded = grams._bounded(k, uses)[2]
            expected_hits += [(p, d, u - int(grams.doc_start[d])) for u, d in zip(uses[bounded].tolist(), of_use[bounded].tolist())]
        assert n_docs.tolist() == expected_docs
        assert run.tolist() == [grams.run_at(p) for p in at.tolist()]
        for ch in ("战", "的"):
            assert followed[ch].tolist() == expected_followed[ch]
        assert sorted(zip(at[which].tolist(), doc.tolist(), offset.tolist())) == sorted(expected_hits)
        assert len(which) > 0 and followed["的"].sum() > 0 and n_docs.max() >= 3


def test_the_spread_of_character_ngrams_as_counted_use_by_use(corpus, tokenizer):
    # _GramCounts.spread tests only the uses of the n-grams bounded in half their uses or more:
    # the same verdicts as every test on every use, counted here one use at a time
    from textkit.slogans import _GramCounts, _prepare_docs

    grams = _GramCounts(_prepare_docs(corpus, tokenizer), 6)
    for k in (3, 4, 5):
        at = grams.frequent(k, min_count=2, min_docs=2, min_pmi=0.0)
        ids = grams.ids[k]
        expected = []
        expected_followed: dict[str, list[int]] = {"的": [], "战": []}
        for first in at.tolist():
            uses = [p for p in range(len(ids)) if ids[p] == ids[first]]
            for ch, counts in expected_followed.items():
                counts.append(sum(int(grams.codes[p + k]) == ord(ch) for p in uses))
            left, right, docs, bounded = set(), set(), set(), 0
            for p in uses:
                start = p == 0 or bool(grams.sep[p - 1])
                end = bool(grams.sep[p + k])
                left.add(("edge", p) if start else int(grams.codes[p - 1]))
                right.add(("edge", p) if end else int(grams.codes[p + k]))
                if (start or grams.bound[p]) and (end or grams.bound[p + k]):
                    bounded += 1
                    docs.add(int(grams.doc_of(p)))
            expected.append(len(left) >= 2 and len(right) >= 2 and 2 * bounded >= len(uses) and len(docs) >= 2)
        assert grams.spread_followed(k, at, "", min_docs=2)[0].tolist() == expected
        assert 0 < sum(expected) < len(expected)
        # the uses followed by a character, counted in the same pass: as counted here use by use
        for ch in ("的", "战"):
            spread, followed = grams.spread_followed(k, at, ch, min_docs=2)
            assert spread.tolist() == expected
            assert followed.tolist() == expected_followed[ch]
        assert grams.spread_followed(k, at, "", min_docs=2)[1] is None


def _pair_runs_with_fit(doc, spans, closed_left, closed_right):  # noqa: ANN001, ANN202
    """The runs _trim_series gave a pair before perf25, by asking _fit of every length that fits:
    the slow path that its inline pair trimming must equal."""
    from textkit.slogans import _fit, _headed, _list_of_things, _parallel_pair, _template

    text, out = doc.text, []
    lengths = [e - s for s, e in spans]
    (_, e0), (s1, _) = spans

    def pair_fits(length: int) -> bool:
        return ((lengths[0] == length or (lengths[0] > length and doc.bounded(e0 - length, e0)))
                and (lengths[1] == length or (lengths[1] > length and doc.bounded(s1, s1 + length))))

    options = []
    if closed_left:
        options.append(lengths[0])
    if closed_right:
        options.append(lengths[1])
        for n in (2, 3):
            run = _fit(doc, spans, lengths[1] - n, closed_left, False) if 3 <= lengths[1] - n <= 4 and pair_fits(
                lengths[1] - n) else []
            if len(run) == 2 and _headed(doc, run[1][1]) and _parallel_pair([text[s:e] for s, e in run]):
                out.append(run)
    for length in sorted(set(options or range(min(lengths), 1, -1)), reverse=True):
        if not pair_fits(length):
            continue
        run = _fit(doc, spans, length, closed_left, closed_right)
        if (closed_left and closed_right) or _template(tuple([text[s:e] for s, e in run]))[1]:
            if run not in out:
                out.append(run)
            break
    if closed_left and closed_right and not any(_template(tuple([text[s:e] for s, e in run]))[1] for run in out):
        for length in range(min(lengths) - 1, 2, -1):
            if not pair_fits(length):
                continue
            run = _fit(doc, spans, length, False, False)
            segs = tuple([text[s:e] for s, e in run])
            if len(run) == 2 and _template(segs)[1]:
                # (the dictionary's judgment of the items, not the trimming tested, is the code's own)
                if not _list_of_things(segs, length):
                    out.append(run)
                break
    return out


def test_a_pair_is_trimmed_as_fit_trims_it(tokenizer):
    # _trim_series makes the runs of a pair inline, without _fit: the same runs, whichever sides are
    # closed, with the segmenter's boundaries, with random ones and with boundaries it overruled
    import random

    from textkit.slogans import _SERIES, _make_doc, _trim_series

    texts = ["是极不寻常、极不平凡的五年。", "群众看病难、看病贵问题。", "推进基本养老、基本医疗改革。",
             "坚持人民至上、生命至上。", "深化对共产党执政规律、社会主义建设规律的认识。", "做到古为今用、推陈出新。",
             "实现好发展、大发展", "以电代煤、以气代煤工程", "加强学前教育、特殊教育。", "把方向、谋大局。",
             "甲乙甲丙、乙甲丁丙。"]
    rng = random.Random(0)
    compared = 0
    for text in texts:
        cuts = [list(map(len, tokenizer.cut(text)))]
        for _ in range(20):
            lengths = []
            while sum(lengths) < len(text):
                lengths.append(min(rng.randint(1, 4), len(text) - sum(lengths)))
            cuts.append(lengths)
        for lengths in cuts:
            for overruled in (set(), set(range(0, len(text), 2))):
                doc = _make_doc("a", text, lengths)
                doc.overruled = overruled
                for m in _SERIES["、"].finditer(text):
                    parts, pos, spans = m.group(0).split("、"), m.start(), []
                    for part in parts:
                        spans.append((pos, pos + len(part)))
                        pos += len(part) + 1
                    if len(spans) != 2:
                        continue
                    for closed_left in (False, True):
                        for closed_right in (False, True):
                            assert _trim_series(doc, spans, closed_left, closed_right) == _pair_runs_with_fit(
                                doc, spans, closed_left, closed_right), (text, lengths, closed_left, closed_right)
                            compared += 1
    assert compared > 1000


def test_a_series_starting_inside_a_title_is_no_candidate(tokenizer):
    # emit looks up the starts of a run in the masked titles only when some byte between its first
    # and last start is masked: the run inside the title is rejected, the one after it is kept
    for text, found in [("印发《以学铸魂、以学增智、以学正风、以学促干》。", []),
                        ("印发《以学铸魂》、以学增智、以学正风。", [[9, 18]])]:
        cands = slogan_candidates({"a": text}, tokenizer=tokenizer, signals=["enumeration"])
        assert cands[["start", "end"]].values.tolist() == found
